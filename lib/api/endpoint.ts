// One definition per /api/v1 endpoint: the route handler parses with these schemas and the OpenAPI
// document is generated from the same objects, so the two cannot drift apart.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import type { Actor } from '../auth/actor'
import { authorizeEndpoint } from '../auth/endpoint-permission'
import { assertSameOrigin } from '../auth/same-origin'
import { actorFromRequest } from '../auth/session'
import { invalid } from '../errors'
import { mediaTypeOf } from '../http/media-type'
import type { Endpoint } from './endpoint-spec'
import { errorAnswer } from './error-answer'
import { assertStorable, pathParams, readUtf8 } from './input-guards'

type AnyObject = z.ZodObject
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined

// The definitions' shape lives apart (no server imports) so that the browser's client can use them.
export { endpoint, type Endpoint } from './endpoint-spec'

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
  // The UI shows a translated sentence and the field paths; zod's own field messages stay English.
  throw invalid(`The request is not valid: ${sentence}.`, fields, { key: 'input.notValid', values: { fields: fields.map((f) => f.path || where).join(', ') } })
}

export function errorResponse(error: unknown): NextResponse {
  const { status, body, unexpected } = errorAnswer(error)
  if (unexpected) console.error(error)
  return NextResponse.json(body, { status })
}

/** The query string as an object; NUL in a value or key (%00) is refused with a sentence. */
function queryOf(request: Request): Record<string, string> {
  const query = Object.fromEntries(new URL(request.url).searchParams)
  assertStorable(query, 'query')
  return query
}

async function readJson(request: Request): Promise<unknown> {
  const { type, charset } = mediaTypeOf(request.headers.get('content-type'))
  if (type !== 'application/json') throw invalid(`Send the body as JSON with "Content-Type: application/json"${type ? `, not ${type}` : ''}.`, undefined, { key: 'input.jsonContentType', values: { type: type || '-' } })
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw invalid(`Send the JSON body in UTF-8; the charset ${charset} is not accepted.`, undefined, { key: 'input.jsonCharset', values: { charset } })
  }
  const raw = await readUtf8(request)
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw invalid('The request body is not valid JSON.', undefined, { key: 'input.invalidJson' })
  }
  assertStorable(value, 'body')
  return value
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
      const params = spec.params ? parseOrThrow(spec.params, await pathParams(context), 'path') : undefined
      await authorizeEndpoint(actor, spec.permission, params as Record<string, string> | undefined)
      const query = spec.query ? parseOrThrow(spec.query, queryOf(request), 'query') : undefined
      const body = spec.body ? parseOrThrow(spec.body, await readJson(request), 'body') : undefined
      const result = await implementation({ actor, params, query, body, request } as HandlerContext<Infer<P>, Infer<Q>, Infer<B>>)
      if (spec.status === 204 || !spec.response) return new NextResponse(null, { status: 204 })
      return NextResponse.json(result, { status: spec.status ?? 200 })
    } catch (error) {
      return errorResponse(error)
    }
  }
}

/**
 * Like handle(), for the endpoints anyone may call (permission 'public', e.g. redeeming an
 * invitation link): no actor is looked up, so an Authorization header or cookie changes nothing.
 */
export function handlePublic<B extends z.ZodType, R extends z.ZodType>(
  spec: Endpoint<undefined, undefined, B, R>,
  implementation: (ctx: { body: z.output<B>; request: Request }) => Promise<z.input<R>>,
) {
  if (spec.permission !== 'public') throw new Error(`${spec.method} ${spec.path} is not public: use handle()`)
  return async (request: Request): Promise<Response> => {
    try {
      assertSameOrigin(request)
      const body = spec.body ? parseOrThrow(spec.body, await readJson(request), 'body') : (undefined as z.output<B>)
      const result = await implementation({ body, request })
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
      const params = spec.params ? parseOrThrow(spec.params, await pathParams(context), 'path') : undefined
      await authorizeEndpoint(actor, spec.permission, params as Record<string, string> | undefined)
      const query = spec.query ? parseOrThrow(spec.query, queryOf(request), 'query') : undefined
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
      const params = spec.params ? parseOrThrow(spec.params, await pathParams(context), 'path') : undefined
      await authorizeEndpoint(actor, spec.permission, params as Record<string, string> | undefined)
      const query = spec.query ? parseOrThrow(spec.query, queryOf(request), 'query') : undefined
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
