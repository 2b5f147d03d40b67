import { handle } from '@/lib/api/endpoint'
import { researchRegionEndpoint } from '@/lib/api/research-views-endpoints'
import { researchRegion } from '@/lib/services/research-region'

export const GET = handle(researchRegionEndpoint, ({ actor, params, query }) => researchRegion(actor, { projectId: params.projectId, ...query }))
