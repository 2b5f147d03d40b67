import { handle } from '@/lib/api/endpoint'
import { deletePatternEndpoint } from '@/lib/api/suggestion-endpoints'
import { deletePattern } from '@/lib/services/suggestions'

export const DELETE = handle(deletePatternEndpoint, ({ actor, params }) => deletePattern(actor, params))
