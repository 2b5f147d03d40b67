import { handle } from '@/lib/api/endpoint'
import { suggestionEvaluationEndpoint } from '@/lib/api/suggestion-endpoints'
import { suggestionEvaluation } from '@/lib/services/suggestions'

export const GET = handle(suggestionEvaluationEndpoint, ({ actor, params }) => suggestionEvaluation(actor, params))
