import { handle } from '@/lib/api/endpoint'
import { labelExamplesEndpoint } from '@/lib/api/taxonomy-endpoints'
import { labelExamples } from '@/lib/services/label-examples'

export const GET = handle(labelExamplesEndpoint, ({ actor, params }) => labelExamples(actor, { labelId: params.labelId }))
