import { handle } from '@/lib/api/endpoint'
import { computeSuggestionsEndpoint, listSuggestionsEndpoint } from '@/lib/api/suggestion-endpoints'
import { computeSuggestions, listSuggestions } from '@/lib/services/suggestions'

export const GET = handle(listSuggestionsEndpoint, ({ actor, params }) => listSuggestions(actor, params))
export const POST = handle(computeSuggestionsEndpoint, ({ actor, params }) => computeSuggestions(actor, params))
