import { handle } from '@/lib/api/endpoint'
import { listSuggestionRunsEndpoint, startSuggestionRunEndpoint } from '@/lib/api/suggestion-endpoints'
import { listRuns, startSuggestionRun } from '@/lib/services/suggestions'

export const GET = handle(listSuggestionRunsEndpoint, ({ actor, params }) => listRuns(actor, params))
export const POST = handle(startSuggestionRunEndpoint, ({ actor, params, body }) => startSuggestionRun(actor, { ...body, projectId: params.projectId }))
