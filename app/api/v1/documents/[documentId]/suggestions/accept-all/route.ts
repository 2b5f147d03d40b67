import { handle } from '@/lib/api/endpoint'
import { acceptAllSuggestionsEndpoint } from '@/lib/api/suggestion-endpoints'
import { acceptAllInSection } from '@/lib/services/suggestions'

export const POST = handle(acceptAllSuggestionsEndpoint, ({ actor, params, body }) => acceptAllInSection(actor, { ...body, documentId: params.documentId }))
