import { handle } from '@/lib/api/endpoint'
import { importTaxonomyEndpoint } from '@/lib/api/taxonomy-endpoints'
import { importTaxonomy } from '@/lib/services/taxonomy'

export const POST = handle(importTaxonomyEndpoint, ({ actor, params, body }) => importTaxonomy(actor, { projectId: params.projectId, file: body.file, apply: body.apply }))
