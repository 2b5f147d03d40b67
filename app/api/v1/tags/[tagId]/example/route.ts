import { handle } from '@/lib/api/endpoint'
import { addLabelExampleEndpoint, removeLabelExampleEndpoint } from '@/lib/api/taxonomy-endpoints'
import { addLabelExample, removeLabelExample } from '@/lib/services/label-examples'

export const POST = handle(addLabelExampleEndpoint, ({ actor, params, body }) => addLabelExample(actor, { tagId: params.tagId, ...body }))
export const DELETE = handle(removeLabelExampleEndpoint, ({ actor, params }) => removeLabelExample(actor, { tagId: params.tagId }))
