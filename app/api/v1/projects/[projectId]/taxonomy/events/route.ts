import { handle } from '@/lib/api/endpoint'
import { taxonomyEventsEndpoint } from '@/lib/api/taxonomy-endpoints'
import { listTaxonomyEvents } from '@/lib/services/taxonomy'

export const GET = handle(taxonomyEventsEndpoint, ({ actor, params, query }) => listTaxonomyEvents(actor, { projectId: params.projectId, since: query.since }))
