import { reviewTagEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { reviewTag } from '@/lib/services/review'

export const POST = handle(reviewTagEndpoint, ({ actor, params, body }) => reviewTag(actor, { ...body, tagId: params.tagId }))
