import { handle } from '@/lib/api/endpoint'
import { researchDistributionEndpoint } from '@/lib/api/research-endpoints'
import { researchDistribution } from '@/lib/services/research'

export const GET = handle(researchDistributionEndpoint, ({ actor, params, query }) => researchDistribution(actor, { projectId: params.projectId, ...query }))
