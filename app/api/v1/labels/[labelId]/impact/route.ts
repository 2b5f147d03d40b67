import { handle } from '@/lib/api/endpoint'
import { labelImpactEndpoint } from '@/lib/api/taxonomy-endpoints'
import { labelImpact } from '@/lib/services/taxonomy'

export const GET = handle(labelImpactEndpoint, ({ actor, params, query }) => labelImpact(actor, { labelId: params.labelId, ...query }))
