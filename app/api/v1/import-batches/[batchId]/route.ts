import { getImportBatchEndpoint } from '@/lib/api/ingest-endpoints'
import { handle } from '@/lib/api/endpoint'
import { getBatch } from '@/lib/services/ingest'

export const GET = handle(getImportBatchEndpoint, ({ actor, params }) => getBatch(actor, params))
