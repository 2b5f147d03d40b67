import { handle } from '@/lib/api/endpoint'
import { splitLabelEndpoint, splitReviewEndpoint } from '@/lib/api/taxonomy-endpoints'
import { splitLabel, splitReview } from '@/lib/services/taxonomy'

export const GET = handle(splitReviewEndpoint, ({ actor, params }) => splitReview(actor, { labelId: params.labelId }))
export const POST = handle(splitLabelEndpoint, ({ actor, params, body }) => splitLabel(actor, { labelId: params.labelId, ...body }))
