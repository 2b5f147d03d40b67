// The one way the browser calls /api/v1: derived from the endpoint definitions (lib/api/endpoints.ts)
// that also drive the route handlers and the OpenAPI document, so a component cannot re-type an
// answer by hand. Imports only types and the definitions (zod schemas), never server code.
import type { z } from 'zod'
import type { MessageValues } from '../errors'
import type { Endpoint } from './endpoint-spec'
import type { FieldError } from './error-answer'

/** Where the API lives; absolute when called outside a browser (tests, scripts). */
const apiRoot = '/api/v1'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any endpoint, whatever its schemas
type AnyEndpoint = Endpoint<any, any, any, any>

type Schema = z.ZodType
/** A query value as it goes into the URL: coerced fields accept numbers and booleans too. */
type QueryValue = string | number | boolean | null | undefined
type QueryInput<Q extends Schema> = { [K in keyof z.input<Q>]: unknown extends z.input<Q>[K] ? QueryValue : z.input<Q>[K] }
/** Required when the schema has a required field, optional otherwise. */
type Slot<Name extends string, T> = [T] extends [undefined] ? { [K in Name]?: undefined } : Record<string, never> extends T ? { [K in Name]?: T } : { [K in Name]: T }

type ParamsOf<E> = E extends Endpoint<infer P, infer _Q, infer _B, infer _R> ? (P extends Schema ? z.input<P> : undefined) : never
type QueryOf<E> = E extends Endpoint<infer _P, infer Q, infer _B, infer _R> ? (Q extends Schema ? QueryInput<Q> : undefined) : never
type BodyOf<E> = E extends Endpoint<infer _P, infer _Q, infer B, infer _R> ? (B extends Schema ? z.input<B> : undefined) : never

/** What call() takes for an endpoint: its path parameters, query and JSON body, each typed by its schema. */
export type CallInput<E extends AnyEndpoint> = Slot<'params', ParamsOf<E>> & Slot<'query', QueryOf<E>> & Slot<'body', BodyOf<E>>
/** What call() returns for an endpoint: the type of its response schema (void for 204 and files). */
export type CallOutput<E extends AnyEndpoint> = E extends Endpoint<infer _P, infer _Q, infer _B, infer R> ? (R extends Schema ? z.output<R> : void) : never

export type { FieldError }

export interface CallOptions {
  /** Defaults to the global fetch; tests and scripts pass their own base URL with it. */
  fetch?: typeof fetch
  /** Prefix of /api/v1, e.g. http://127.0.0.1:3000; empty in the browser (same origin). */
  origin?: string
  signal?: AbortSignal
}

/**
 * Every refusal or failure of call(): the API's error answer, or a stand-in for a network failure
 * (status 0) or an answer that is not the API's (e.g. a proxy's 502). `message` is the API's English
 * sentence; `messageKey` (under apiErrors in messages/api-errors.<locale>.json) and `messageValues`
 * let the UI say it in its language (components/errors/useErrorMessage.ts).
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly messageKey?: string
  readonly messageValues?: MessageValues
  /** The invalid fields of a 400. */
  readonly fields?: FieldError[]
  /** On a 409 about a stale version: the resource as it is now. */
  readonly current?: unknown

  constructor(init: { status: number; code: string; message: string; messageKey?: string; messageValues?: MessageValues; fields?: FieldError[]; current?: unknown }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.messageKey = init.messageKey
    this.messageValues = init.messageValues
    this.fields = init.fields
    this.current = init.current
  }
}

/** The path of an endpoint with its parameters filled in, e.g. /api/v1/tags/abc/review. */
export function pathOf(endpoint: AnyEndpoint, params?: Record<string, unknown>): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === null || value === '') throw new TypeError(`${endpoint.method.toUpperCase()} ${endpoint.path} needs the path parameter "${name}".`)
    return encodeURIComponent(String(value))
  })
  return apiRoot + path
}

/** The query string (with its "?"), leaving out absent values; arrays repeat their key. */
export function queryString(query?: Record<string, unknown>): string {
  if (!query) return ''
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** The full URL of a call, e.g. for a download link. */
export function urlOf<E extends AnyEndpoint>(endpoint: E, input: Pick<CallInput<E>, 'params' | 'query'>, origin = ''): string {
  return buildUrl(endpoint, input, origin)
}

function buildUrl(endpoint: AnyEndpoint, input: { params?: unknown; query?: unknown }, origin = ''): string {
  return origin + pathOf(endpoint, input.params as Record<string, unknown> | undefined) + queryString(input.query as Record<string, unknown> | undefined)
}

/** Turns a non-2xx answer (its status and parsed body, or null) into an ApiError. */
export function apiErrorOf(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: Record<string, unknown> } | null)?.error
  if (!error || typeof error !== 'object' || typeof error.message !== 'string') {
    return new ApiError({ status, code: status >= 500 ? 'internal' : 'unknown', message: `The server answered ${status} without an explanation.`, messageKey: 'server.badAnswer', messageValues: { status } })
  }
  const { code, message, messageKey, messageValues, fields, current } = error
  return new ApiError({
    status,
    code: typeof code === 'string' ? code : 'unknown',
    message,
    messageKey: typeof messageKey === 'string' ? messageKey : undefined,
    messageValues: messageValues && typeof messageValues === 'object' ? (messageValues as MessageValues) : undefined,
    fields: Array.isArray(fields) ? (fields as FieldError[]) : undefined,
    current,
  })
}

async function send(method: string, url: string, init: RequestInit, options: CallOptions): Promise<Response> {
  try {
    return await (options.fetch ?? fetch)(url, { method: method.toUpperCase(), signal: options.signal, ...init })
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error
    throw new ApiError({ status: 0, code: 'network', message: 'The server could not be reached; check the connection and try again.', messageKey: 'server.unreachable' })
  }
}

async function readAnswer(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    if (response.ok) throw new ApiError({ status: response.status, code: 'internal', message: `The server answered ${response.status} with something other than JSON.`, messageKey: 'server.badAnswer', messageValues: { status: response.status } })
    return null
  }
}

/**
 * Calls an endpoint: fills in its path parameters, encodes its query, sends its body as JSON, and
 * returns the answer typed by the endpoint's response schema. Throws ApiError for any refusal.
 */
export async function call<E extends AnyEndpoint>(endpoint: E, input: CallInput<E>, options: CallOptions = {}): Promise<CallOutput<E>> {
  const { body } = input as { body?: unknown }
  const url = buildUrl(endpoint, input, options.origin)
  const init: RequestInit = body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
  const response = await send(endpoint.method, url, init, options)
  const payload = await readAnswer(response)
  if (!response.ok) throw apiErrorOf(response.status, payload)
  return payload as CallOutput<E>
}

/** For an endpoint that takes a file as its raw body (fileBody): the file and, optionally, a progress callback. */
export interface UploadInput<E extends AnyEndpoint> {
  params: ParamsOf<E>
  query?: QueryOf<E>
  file: Blob
  contentType: string
  /** 0–100 while the file goes up; then the server works until the answer comes. */
  onProgress?: (percent: number) => void
  onSent?: () => void
}

/**
 * Sends a file as the raw request body (endpoints with fileBody), with the same answer typing and
 * ApiError as call(). XMLHttpRequest in the browser, because fetch reports no upload progress.
 */
export function upload<E extends AnyEndpoint>(endpoint: E, input: UploadInput<E>, options: CallOptions = {}): Promise<CallOutput<E>> {
  const url = buildUrl(endpoint, input, options.origin)
  if (typeof XMLHttpRequest === 'undefined' || options.fetch) {
    return (async () => {
      const response = await send(endpoint.method, url, { headers: { 'Content-Type': input.contentType }, body: input.file }, options)
      input.onSent?.()
      const payload = await readAnswer(response)
      if (!response.ok) throw apiErrorOf(response.status, payload)
      return payload as CallOutput<E>
    })()
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(endpoint.method.toUpperCase(), url)
    xhr.setRequestHeader('Content-Type', input.contentType)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) input.onProgress?.(Math.round((100 * e.loaded) / e.total))
    }
    xhr.upload.onload = () => input.onSent?.()
    xhr.onload = () => {
      let payload: unknown = null
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        payload = null
      }
      if (xhr.status >= 200 && xhr.status < 300 && payload !== null) resolve(payload as CallOutput<E>)
      else reject(apiErrorOf(xhr.status, payload))
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'The upload was interrupted; check the connection and try again.', messageKey: 'server.unreachable' }))
    options.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(input.file)
  })
}
