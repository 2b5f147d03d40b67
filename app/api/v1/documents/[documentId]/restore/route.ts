import { restoreDocumentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { restoreDocument } from '@/lib/services/documents'

export const POST = handle(restoreDocumentEndpoint, ({ actor, params }) => restoreDocument(actor, params))
