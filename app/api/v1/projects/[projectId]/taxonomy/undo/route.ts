import { handle } from '@/lib/api/endpoint'
import { undoTaxonomyChangeEndpoint } from '@/lib/api/taxonomy-endpoints'
import { undoTaxonomyChange } from '@/lib/services/taxonomy'

export const POST = handle(undoTaxonomyChangeEndpoint, ({ actor, params, body }) => undoTaxonomyChange(actor, { projectId: params.projectId, taxonomyVersion: body.taxonomyVersion }))
