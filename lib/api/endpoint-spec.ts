// The shape of an /api/v1 endpoint definition, apart from the route handlers: lib/api/endpoints.ts
// imports only this and zod schemas, so the browser's typed client (lib/api/client.ts) can import the
// definitions without pulling server code (sessions, the database) into the bundle.
import type { z } from 'zod'
import type { Permission } from '../auth/endpoint-permission'

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete'
export type AnyObject = z.ZodObject

export interface Endpoint<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType | undefined> {
  method: Method
  /** OpenAPI-style path under /api/v1, e.g. /projects/{projectId}. */
  path: string
  summary: string
  tag: string
  /**
   * Who may call it; handle() checks it before reading the query or body. The authorization
   * matrix (e2e/gates-authorization.spec.ts) derives every role's expected answer from it.
   */
  permission: Permission
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
