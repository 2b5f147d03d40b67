// One definition per /api/v1 endpoint: the route handler parses with these schemas and the OpenAPI
// document is generated from the same objects, so the two cannot drift apart.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import type { Actor } from '../auth/actor'
import { assertSameOrigin } from '../auth/same-origin'
import { actorFromRequest } from '../auth/session'
import { DomainError, invalid } from '../errors'
import { mediaTypeOf } from '../http/media-type'

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete'
type AnyObject = z.ZodObject
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined

export interface Endpoint<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined> {
  method: Method
  /** OpenAPI-style path under /api/v1, e.g. /projects/{projectId}. */
  path: string
  summary: string
  tag: string
  params?: P
  query?: Q
  body?: B
  response?: R
  status?: 200 | 201 | 202 | 204
  /** Error statuses this endpoint documents besides 400 and 401. */
  errors?: (403 | 404 | 409 | 429)[]
  /** A file rather than JSON: its content type, for the OpenAPI document (use handleFile). */
  file?: { contentType: string; description: string }
  /** A file as the raw request body rather than JSON: the content types accepted (use handleUpload). */
  fileBody?: { contentTypes: string[]; description: string }
}

export function endpoint<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined>(
  spec: Endpoint<P, Q, B, R>,
): Endpoint<P, Q, B, R> {
  return spec
}

export interface HandlerContext<P, Q, B> {
  actor: Actor
  params: P
  query: Q
  body: B
  request: Request
}

function fieldList(error: z.ZodError, where: string) {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }))
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fields = fieldList(result.error, where)
  const sentence = fields.map((f) => `${f.path || where}: ${f.message}`).join('; ')
  throw invalid(`The request is not valid: ${sentence}.`, fields)
}

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof DomainError) {
    // Array details name the invalid fields; object details (e.g. a conflict's current state) go along as they are.
    const extra = Array.isArray(error.details) ? { fields: error.details } : error.details && typeof error.details === 'object' ? error.details : {}
    const i18n = error.i18n ? { messageKey: error.i18n.key, ...(error.i18n.values ? { messageValues: error.i18n.values } : {}) } : {}
    return NextResponse.json({ error: { code: error.code, message: error.message, ...i18n, ...extra } }, { status: error.status })
  }
  console.error(error)
  return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on the server; the error was logged. Try again, and tell an admin if it persists.' } }, { status: 500 })
}

async function readJson(request: Request): Promise<unknown> {
  const { type, charset } = mediaTypeOf(request.headers.get('content-type'))
  if (type !== 'application/json') throw invalid(`Send the body as JSON with "Content-Type: application/json"${type ? `, not ${type}` : ''}.`, undefined, { key: 'input.jsonContentType', values: { type: type || '-' } })
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw invalid(`Send the JSON body in UTF-8; the charset ${charset} is not accepted.`, undefined, { key: 'input.jsonCharset', values: { charset } })
  }
  const raw = await request.text()
  try {
    return JSON.parse(raw)
  } catch {
    throw invalid('The request body is not valid JSON.', undefined, { key: 'input.invalidJson' })
  }
}

/**
 * Turns an endpoint and its implementation into a Next route handler: authenticate, parse every
 * input with the endpoint's schemas, run, and map typed errors to their status.
 */
export function handle<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined>(
  spec: Endpoint<P, Q, B, R>,
  implementation: (ctx: HandlerContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<R extends z.ZodType ? z.input<R> : void>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      // Before anything else: a forged cross-site request is refused whoever's cookie it carries.
      assertSameOrigin(request)
      const actor = await actorFromRequest(request)
      const params = spec.params ? parseOrThrow(spec.params, await context.params, 'path') : undefined
      const query = spec.query ? parseOrThrow(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query') : undefined
      const body = spec.body ? parseOrThrow(spec.body, await readJson(request), 'body') : undefined
      const result = await implementation({ actor, params, query, body, request } as HandlerContext<Infer<P>, Infer<Q>, Infer<B>>)
      if (spec.status === 204 || !spec.response) return new NextResponse(null, { status: 204 })
      return NextResponse.json(result, { status: spec.status ?? 200 })
    } catch (error) {
      return errorResponse(error)
    }
  }
}

/** Like handle(), for endpoints that answer with a file or stream: the implementation builds the Response. */
export function handleFile<P extends AnyObject | undefined, Q extends AnyObject | undefined>(
  spec: Endpoint<P, Q, undefined, undefined>,
  implementation: (ctx: HandlerContext<Infer<P>, Infer<Q>, undefined>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      // Before anything else: a forged cross-site request is refused whoever's cookie it carries.
      assertSameOrigin(request)
      const actor = await actorFromRequest(request)
      const params = spec.params ? parseOrThrow(spec.params, await context.params, 'path') : undefined
      const query = spec.query ? parseOrThrow(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query') : undefined
      return await implementation({ actor, params, query, body: undefined, request } as HandlerContext<Infer<P>, Infer<Q>, undefined>)
    } catch (error) {
      return errorResponse(error)
    }
  }
}

/** Like handle(), for endpoints that take a file as the raw request body (spec.fileBody); the implementation reads request.body. */
export function handleUpload<P extends AnyObject | undefined, Q extends AnyObject | undefined, R extends z.ZodType>(
  spec: Endpoint<P, Q, undefined, R>,
  implementation: (ctx: HandlerContext<Infer<P>, Infer<Q>, undefined>) => Promise<z.input<R>>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      // Before anything else: a forged cross-site request is refused whoever's cookie it carries.
      assertSameOrigin(request)
      const actor = await actorFromRequest(request)
      const params = spec.params ? parseOrThrow(spec.params, await context.params, 'path') : undefined
      const query = spec.query ? parseOrThrow(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query') : undefined
      const accepted = spec.fileBody?.contentTypes ?? []
      const { type } = mediaTypeOf(request.headers.get('content-type'))
      if (!accepted.includes(type)) {
        throw invalid(`Send the file as the request body with "Content-Type: ${accepted.join('" or "')}"${type ? `, not ${type}` : ''}.`, undefined, {
          key: 'input.fileContentType',
          values: { accepted: accepted.join(', '), type: type || '-' },
        })
      }
      const result = await implementation({ actor, params, query, body: undefined, request } as HandlerContext<Infer<P>, Infer<Q>, undefined>)
      return NextResponse.json(result, { status: spec.status ?? 200 })
    } catch (error) {
      return errorResponse(error)
    }
  }
}
