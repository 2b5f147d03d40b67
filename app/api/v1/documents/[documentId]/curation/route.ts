import { curationDecisionEndpoint, curationStateEndpoint } from '@/lib/api/curation-endpoints'
import { handle } from '@/lib/api/endpoint'
import { curationState, decideCuration } from '@/lib/services/curation'

export const GET = handle(curationStateEndpoint, ({ actor, params }) => curationState(actor, params))
export const POST = handle(curationDecisionEndpoint, ({ actor, params, body }) => decideCuration(actor, { ...body, documentId: params.documentId }))
