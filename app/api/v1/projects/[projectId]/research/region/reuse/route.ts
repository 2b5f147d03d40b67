import { handle } from '@/lib/api/endpoint'
import { researchReuseEndpoint } from '@/lib/api/research-views-endpoints'
import { researchReuse } from '@/lib/services/research-region'

export const GET = handle(researchReuseEndpoint, ({ actor, params, query }) => researchReuse(actor, { projectId: params.projectId, ...query }))
