import { listLabelsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { getLabelTree } from '@/lib/services/projects'

export const GET = handle(listLabelsEndpoint, ({ actor, params, query }) =>
  getLabelTree(actor, { projectId: params.projectId, includeArchived: query.includeArchived }),
)
