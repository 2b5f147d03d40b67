import { getDocumentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { getDocument } from '@/lib/services/documents'

export const GET = handle(getDocumentEndpoint, ({ actor, params }) => getDocument(actor, params))
