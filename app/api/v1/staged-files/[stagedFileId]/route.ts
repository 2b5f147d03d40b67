import { getStagedFileEndpoint, patchStagedFileEndpoint } from '@/lib/api/ingest-endpoints'
import { handle } from '@/lib/api/endpoint'
import { getStagedFile, patchStagedFile } from '@/lib/services/ingest'

export const GET = handle(getStagedFileEndpoint, ({ actor, params }) => getStagedFile(actor, params))
export const PATCH = handle(patchStagedFileEndpoint, ({ actor, params, body }) => patchStagedFile(actor, { ...params, ...body }))
