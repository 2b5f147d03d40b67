import { reviewReasonsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { projectReasons } from '@/lib/services/review'

export const GET = handle(reviewReasonsEndpoint, ({ actor, params }) => projectReasons(actor, params))
