import { listDocumentEventsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { listDocumentEvents } from '@/lib/services/documents'

export const GET = handle(listDocumentEventsEndpoint, ({ actor, params }) => listDocumentEvents(actor, params))
