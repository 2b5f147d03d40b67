import { tagEventsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { listTagEvents } from '@/lib/services/review'

export const GET = handle(tagEventsEndpoint, ({ actor, params }) => listTagEvents(actor, params))
