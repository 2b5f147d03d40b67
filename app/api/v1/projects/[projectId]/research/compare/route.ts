import { handle } from '@/lib/api/endpoint'
import { researchCompareEndpoint } from '@/lib/api/research-views-endpoints'
import { researchCompare } from '@/lib/services/research-compare'

export const GET = handle(researchCompareEndpoint, ({ actor, params, query }) => researchCompare(actor, { projectId: params.projectId, ...query }))
