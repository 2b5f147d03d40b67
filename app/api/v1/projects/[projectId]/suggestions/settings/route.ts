import { handle } from '@/lib/api/endpoint'
import { getSuggestionSettingsEndpoint, updateSuggestionSettingsEndpoint } from '@/lib/api/suggestion-endpoints'
import { getSuggestionSettings, updateSuggestionSettings } from '@/lib/services/suggestions'

export const GET = handle(getSuggestionSettingsEndpoint, ({ actor, params }) => getSuggestionSettings(actor, params))
export const PATCH = handle(updateSuggestionSettingsEndpoint, ({ actor, params, body }) => updateSuggestionSettings(actor, { ...body, projectId: params.projectId }))
