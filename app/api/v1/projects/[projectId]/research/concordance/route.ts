import { handle } from '@/lib/api/endpoint'
import { researchConcordanceEndpoint } from '@/lib/api/research-endpoints'
import { researchConcordance } from '@/lib/services/research'

export const GET = handle(researchConcordanceEndpoint, ({ actor, params, query }) => researchConcordance(actor, { projectId: params.projectId, ...query }))
