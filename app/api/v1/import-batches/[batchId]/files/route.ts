import { bulkEditStagedFilesEndpoint, listStagedFilesEndpoint, uploadImportFileEndpoint } from '@/lib/api/ingest-endpoints'
import { handle, handleUpload } from '@/lib/api/endpoint'
import { bulkEditStagedFiles, listStagedFiles, uploadFile } from '@/lib/services/ingest'

export const POST = handleUpload(uploadImportFileEndpoint, ({ actor, params, query, request }) =>
  uploadFile(actor, { batchId: params.batchId, path: query.path, body: request.body, contentLength: request.headers.get('content-length') }),
)
export const GET = handle(listStagedFilesEndpoint, ({ actor, params, query }) => listStagedFiles(actor, { ...params, ...query }))
export const PATCH = handle(bulkEditStagedFilesEndpoint, ({ actor, params, body }) => bulkEditStagedFiles(actor, { ...params, ...body }))
