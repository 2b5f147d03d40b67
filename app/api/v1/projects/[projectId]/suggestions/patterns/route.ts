import { handle } from '@/lib/api/endpoint'
import { createPatternEndpoint, listPatternsEndpoint } from '@/lib/api/suggestion-endpoints'
import { createPattern, listPatterns } from '@/lib/services/suggestions'

export const GET = handle(listPatternsEndpoint, ({ actor, params }) => listPatterns(actor, params))
export const POST = handle(createPatternEndpoint, ({ actor, params, body }) => createPattern(actor, { ...body, projectId: params.projectId }))
