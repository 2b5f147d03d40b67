import { commitImportEndpoint } from '@/lib/api/ingest-endpoints'
import { handle } from '@/lib/api/endpoint'
import { commitBatch } from '@/lib/services/ingest'

export const POST = handle(commitImportEndpoint, ({ actor, params, body }) => commitBatch(actor, { ...params, ...body }))
