import { reviewQueueEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { reviewQueue } from '@/lib/services/review'

export const GET = handle(reviewQueueEndpoint, ({ actor, params, query }) => reviewQueue(actor, { ...query, projectId: params.projectId }))
