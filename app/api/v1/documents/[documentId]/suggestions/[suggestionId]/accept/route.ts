import { handle } from '@/lib/api/endpoint'
import { acceptSuggestionEndpoint } from '@/lib/api/suggestion-endpoints'
import { acceptSuggestion } from '@/lib/services/suggestions'

export const POST = handle(acceptSuggestionEndpoint, async ({ actor, params, body }) => {
  const { suggestion, tagId } = await acceptSuggestion(actor, { ...body, ...params })
  return { suggestion, tagId }
})
