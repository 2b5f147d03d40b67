import { handle } from '@/lib/api/endpoint'
import { exportTaxonomyEndpoint } from '@/lib/api/taxonomy-endpoints'
import { exportTaxonomy } from '@/lib/services/taxonomy'

export const GET = handle(exportTaxonomyEndpoint, ({ actor, params }) => exportTaxonomy(actor, { projectId: params.projectId }))
