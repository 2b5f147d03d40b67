import { importCorpusEndpoint } from '@/lib/api/import-endpoints'
import { handleUpload } from '@/lib/api/endpoint'
import { importUpload } from '@/lib/services/imports'

export const POST = handleUpload(importCorpusEndpoint, ({ actor, params, query, request }) =>
  importUpload(actor, { projectId: params.projectId, body: request.body, contentLength: request.headers.get('content-length'), fileName: query.fileName }),
)
