import { handle } from '@/lib/api/endpoint'
import { acceptSuggestionEndpoint } from '@/lib/api/suggestion-endpoints'
import { acceptSuggestion } from '@/lib/services/suggestions'

export const POST = handle(acceptSuggestionEndpoint, ({ actor, params, body }) => acceptSuggestion(actor, { ...body, ...params }))
