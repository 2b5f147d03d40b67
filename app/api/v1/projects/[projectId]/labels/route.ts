import { listLabelsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createLabelEndpoint } from '@/lib/api/taxonomy-endpoints'
import { getLabelTree } from '@/lib/services/projects'
import { createLabel } from '@/lib/services/taxonomy'

export const GET = handle(listLabelsEndpoint, ({ actor, params, query }) =>
  getLabelTree(actor, { projectId: params.projectId, includeArchived: query.includeArchived }),
)
export const POST = handle(createLabelEndpoint, ({ actor, params, body }) => createLabel(actor, { ...body, projectId: params.projectId }))
