import { handle } from '@/lib/api/endpoint'
import { mergeLabelEndpoint } from '@/lib/api/taxonomy-endpoints'
import { mergeLabel } from '@/lib/services/taxonomy'

export const POST = handle(mergeLabelEndpoint, ({ actor, params, body }) => mergeLabel(actor, { labelId: params.labelId, ...body }))
