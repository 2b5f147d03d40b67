import { handle } from '@/lib/api/endpoint'
import { assignSplitTagEndpoint } from '@/lib/api/taxonomy-endpoints'
import { assignSplitTag } from '@/lib/services/taxonomy'

export const POST = handle(assignSplitTagEndpoint, ({ actor, params, body }) => assignSplitTag(actor, { labelId: params.labelId, ...body }))
