import { myRevisionsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { myRevisions } from '@/lib/services/review'

export const GET = handle(myRevisionsEndpoint, ({ actor, params }) => myRevisions(actor, params))
