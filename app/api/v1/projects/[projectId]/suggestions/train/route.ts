import { handle } from '@/lib/api/endpoint'
import { trainSuggestionsEndpoint } from '@/lib/api/suggestion-endpoints'
import { trainSuggestions } from '@/lib/services/suggestions'

export const POST = handle(trainSuggestionsEndpoint, ({ actor, params, body }) => trainSuggestions(actor, { ...body, projectId: params.projectId }))
