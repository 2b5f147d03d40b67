// The typed client against a real HTTP server whose error answers come from the API's own errorResponse().
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { conflict, forbidden, invalid } from '../errors'
import type { TagView } from '../schemas/tags'
import { ApiError, call, pathOf, queryString, upload, urlOf } from './client'
import { errorAnswer } from './error-answer'
import { createTagEndpoint, deleteTagEndpoint, downloadExportEndpoint, listLabelsEndpoint, listProjectsEndpoint, reviewQueueEndpoint, reviewTagEndpoint, setAssignmentEndpoint } from './endpoints'
import { importCorpusEndpoint } from './import-endpoints'

interface Seen {
  method: string
  url: string
  type: string | undefined
  body: string
}

let server: Server
let origin = ''
const seen: Seen[] = []
/** What the server answers next (a Response, as a route handler returns it). */
let answer: () => Response | Promise<Response> = () => Response.json({})

/** The answer a route handler gives for this error (lib/api/endpoint.ts errorResponse). */
function errorResponse(error: unknown): Response {
  const { status, body } = errorAnswer(error)
  return Response.json(body, { status })
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', type: request.headers['content-type'], body: await bodyOf(request) })
    const reply = await answer()
    response.writeHead(reply.status, Object.fromEntries(reply.headers))
    response.end(Buffer.from(await reply.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const last = () => seen[seen.length - 1]

describe('call()', () => {
  it('fills in path parameters, sends the body as JSON and returns the answer', async () => {
    const tag = { id: 't1', version: 2 }
    answer = () => Response.json(tag, { status: 201 })
    const saved = await call(createTagEndpoint, { params: { documentId: 'doc 1/ä' }, body: { labelId: 'l1', start: 0, end: 2, quote: '法治' } }, { origin })
    expect(saved).toEqual(tag)
    expect(last()).toEqual({ method: 'POST', url: '/api/v1/documents/doc%201%2F%C3%A4/tags', type: 'application/json', body: JSON.stringify({ labelId: 'l1', start: 0, end: 2, quote: '法治' }) })
  })

  it('encodes the query, leaving out absent values, and sends no body on a GET', async () => {
    answer = () => Response.json({ items: [], total: 0, page: 1, pageSize: 50 })
    await call(reviewQueueEndpoint, { params: { projectId: 'p1' }, query: { status: 'pending', labelId: undefined, olderThanHours: 24, sort: 'oldest', page: 2 } }, { origin })
    expect(last()).toEqual({ method: 'GET', url: '/api/v1/projects/p1/review-queue?status=pending&olderThanHours=24&sort=oldest&page=2', type: undefined, body: '' })
    await call(deleteTagEndpoint, { params: { tagId: 't1' }, query: { version: 3 } }, { origin })
    expect(last()).toMatchObject({ method: 'DELETE', url: '/api/v1/tags/t1?version=3' })
  })

  it('maps a stale-version 409 to an ApiError with its key, values and the current resource', async () => {
    const current = { id: 't1', version: 5, status: 'approved' }
    answer = () => errorResponse(conflict('Someone changed this tag first (now version 5).', { current }, { key: 'tag.stale', values: { version: 5 } }))
    const error = await call(reviewTagEndpoint, { params: { tagId: 't1' }, body: { action: 'approve', version: 4 } }, { origin }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'Someone changed this tag first (now version 5).', messageKey: 'tag.stale', messageValues: { version: 5 }, current })
  })

  it('maps a 400 to an ApiError that names the invalid fields', async () => {
    const fields = [{ path: 'body.state', message: 'Invalid option' }]
    answer = () => errorResponse(invalid('The request is not valid: body.state: Invalid option.', fields, { key: 'input.notValid', values: { fields: 'body.state' } }))
    const error = (await call(setAssignmentEndpoint, { params: { documentId: 'd1' }, body: { state: 'done' } }, { origin }).catch((e: unknown) => e)) as ApiError
    expect(error).toMatchObject({ status: 400, code: 'invalid', messageKey: 'input.notValid', fields })
    expect(error.current).toBeUndefined()
  })

  it('maps a 403 and a 500 (with and without the API’s answer) to ApiErrors', async () => {
    answer = () => errorResponse(forbidden('Only managers may do this.', { key: 'permission.managersOnly' }))
    await expect(call(listProjectsEndpoint, {}, { origin })).rejects.toMatchObject({ status: 403, code: 'forbidden', messageKey: 'permission.managersOnly' })
    answer = () => errorResponse(new Error('boom'))
    await expect(call(listProjectsEndpoint, {}, { origin })).rejects.toMatchObject({ status: 500, code: 'internal', messageKey: 'server.internal' })
    answer = () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })
    await expect(call(listProjectsEndpoint, {}, { origin })).rejects.toMatchObject({ status: 502, code: 'internal', messageKey: 'server.badAnswer', messageValues: { status: 502 } })
  })

  it('turns a server that cannot be reached into an ApiError with status 0', async () => {
    await expect(call(listProjectsEndpoint, {}, { origin: 'http://127.0.0.1:9' })).rejects.toMatchObject({ status: 0, code: 'network', messageKey: 'server.unreachable' })
  })
})

describe('URLs, uploads and downloads', () => {
  it('refuses a missing path parameter instead of calling /undefined', () => {
    expect(() => pathOf(createTagEndpoint, {})).toThrow('needs the path parameter "documentId"')
  })

  it('builds download links with the same path rules', () => {
    expect(urlOf(downloadExportEndpoint, { params: { exportId: 'e 1' } })).toBe('/api/v1/exports/e%201/download')
    expect(queryString({ a: ['x', 'y'], b: null, c: false })).toBe('?a=x&a=y&c=false')
    expect(queryString({})).toBe('')
  })

  it('uploads a file as the raw body and maps a refusal like call()', async () => {
    answer = () => Response.json({ file: 'x.jsonl' }, { status: 201 })
    const file = new Blob(['{"a":1}\n'], { type: 'application/x-ndjson' })
    await upload(importCorpusEndpoint, { params: { projectId: 'p1' }, query: { fileName: 'x.jsonl' }, file, contentType: 'application/x-ndjson' }, { origin, fetch })
    expect(last()).toEqual({ method: 'POST', url: '/api/v1/projects/p1/imports?fileName=x.jsonl', type: 'application/x-ndjson', body: '{"a":1}\n' })
    answer = () => errorResponse(conflict('The file holds a document twice.', undefined, { key: 'import.duplicateDocument' }))
    await expect(upload(importCorpusEndpoint, { params: { projectId: 'p1' }, file, contentType: 'application/x-ndjson' }, { origin, fetch })).rejects.toMatchObject({ status: 409, messageKey: 'import.duplicateDocument' })
  })
})

describe('types (checked by tsc)', () => {
  it('infers the answer from the endpoint’s response schema and requires its inputs', () => {
    // Functions that are never called: only their types are checked.
    const create = () => call(createTagEndpoint, { params: { documentId: 'd' }, body: { labelId: 'l', start: 0, end: 1, quote: 'x' } })
    expectTypeOf(create).returns.resolves.toEqualTypeOf<TagView>()
    const labels = () => call(listLabelsEndpoint, { params: { projectId: 'p' } })
    expectTypeOf(labels).returns.resolves.toHaveProperty('labels')
    // @ts-expect-error the body is required
    const noBody = () => call(createTagEndpoint, { params: { documentId: 'd' } })
    // @ts-expect-error an unknown action is not a ReviewAction
    const badAction = () => call(reviewTagEndpoint, { params: { tagId: 't' }, body: { action: 'bless', version: 1 } })
    // @ts-expect-error the version query is required for a delete
    const noVersion = () => call(deleteTagEndpoint, { params: { tagId: 't' } })
    // @ts-expect-error path parameters are required
    const noParams = () => call(createTagEndpoint, { body: { labelId: 'l', start: 0, end: 1, quote: 'x' } })
    expect([noBody, badAction, noVersion, noParams].every((f) => typeof f === 'function')).toBe(true)
  })
})
