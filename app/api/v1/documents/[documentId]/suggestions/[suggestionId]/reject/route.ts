import { handle } from '@/lib/api/endpoint'
import { rejectSuggestionEndpoint } from '@/lib/api/suggestion-endpoints'
import { rejectSuggestion } from '@/lib/services/suggestions'

export const POST = handle(rejectSuggestionEndpoint, ({ actor, params, body }) => rejectSuggestion(actor, { ...body, ...params }))
