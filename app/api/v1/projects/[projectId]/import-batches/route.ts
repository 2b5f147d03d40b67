import { createImportBatchEndpoint, listImportBatchesEndpoint } from '@/lib/api/ingest-endpoints'
import { handle } from '@/lib/api/endpoint'
import { createBatch, listBatches } from '@/lib/services/ingest'

export const POST = handle(createImportBatchEndpoint, ({ actor, params }) => createBatch(actor, params))
export const GET = handle(listImportBatchesEndpoint, ({ actor, params }) => listBatches(actor, params))
