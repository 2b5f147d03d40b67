import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi'
import { errorSchema } from '../schemas/common'
import { allEndpoints } from './endpoints'

const errorDescriptions: Record<number, string> = {
  400: 'The input is not valid; `error.fields` names each field and what is wrong with it',
  401: 'No valid session or access token',
  403: 'Your role in the project does not allow this',
  404: 'Not found, or you are not a member of its project',
  409: 'Conflicts with the current state; nothing was changed',
  429: 'Too many requests; wait and retry',
}

export function openApiDocument(version: string) {
  const paths: ZodOpenApiPathsObject = {}
  for (const e of allEndpoints) {
    // A public endpoint looks up no one: it never answers 401, and needs no credentials.
    const isPublic = e.permission === 'public'
    const errors = [400, ...(isPublic ? [] : [401]), ...(e.errors ?? [])]
    const operation: ZodOpenApiOperationObject = {
      summary: e.summary,
      ...(isPublic ? { security: [] } : {}),
      tags: [e.tag],
      // Who may call it (lib/auth/endpoint-permission.ts); the authorization gate reads it from here.
      'x-tagbench-permission': e.permission,
      requestParams: { ...(e.params ? { path: e.params } : {}), ...(e.query ? { query: e.query } : {}) },
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: e.body } } } } : {}),
      ...(e.fileBody
        ? { requestBody: { required: true, description: e.fileBody.description, content: Object.fromEntries(e.fileBody.contentTypes.map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }])) } }
        : {}),
      responses: {
        [String(e.status ?? 200)]: e.file
          ? { description: e.file.description, content: { [e.file.contentType]: { schema: { type: 'string' as const, format: 'binary' } } } }
          : e.response
            ? { description: 'OK', content: { 'application/json': { schema: e.response } } }
            : { description: 'Done' },
        ...Object.fromEntries(errors.map((s) => [String(s), { description: errorDescriptions[s], content: { 'application/json': { schema: errorSchema } } }])),
      },
    }
    paths[`/api/v1${e.path}`] = { ...(paths[`/api/v1${e.path}`] ?? {}), [e.method]: operation }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tagbench API',
      version,
      description:
        'Scripts reach Tagbench here. Authenticate with a session cookie or a personal access token (`Authorization: Bearer tbpat_…`, created in Settings). Offsets are Unicode code points, end exclusive.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Personal access token from Settings' },
        session: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  })
}
