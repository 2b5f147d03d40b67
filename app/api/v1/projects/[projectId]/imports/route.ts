import { importCorpusEndpoint } from '@/lib/api/import-endpoints'
import { handleUpload } from '@/lib/api/endpoint'
import { importUpload } from '@/lib/services/imports'
import { suggestAfterImport } from '@/lib/services/suggestions'

// The documents a JSONL import created get suggestions in the background when the project says so, as the staged
// import's commit does (lib/services/suggestion-jobs.ts). Here and not in the service: a script that imports must not
// start a queue client that keeps it running. Never awaited and never failing the import.
export const POST = handleUpload(importCorpusEndpoint, ({ actor, params, query, request }) =>
  importUpload(actor, {
    projectId: params.projectId,
    body: request.body,
    contentLength: request.headers.get('content-length'),
    fileName: query.fileName,
    onCommitted: (ids) => void suggestAfterImport(params.projectId, ids).catch((error) => console.error(`Suggestions after a JSONL import into ${params.projectId} could not be queued:`, error)),
  }),
)
