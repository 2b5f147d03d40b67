import { handle } from '@/lib/api/endpoint'
import { deleteLabelEndpoint, updateLabelEndpoint } from '@/lib/api/taxonomy-endpoints'
import { deleteLabel, updateLabel } from '@/lib/services/taxonomy'

export const PATCH = handle(updateLabelEndpoint, ({ actor, params, body }) => updateLabel(actor, { ...body, labelId: params.labelId }))
export const DELETE = handle(deleteLabelEndpoint, ({ actor, params, query }) => deleteLabel(actor, { labelId: params.labelId, version: query.version }))
