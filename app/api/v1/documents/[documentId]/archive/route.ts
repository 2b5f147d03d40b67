import { archiveDocumentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { archiveDocument } from '@/lib/services/documents'

export const POST = handle(archiveDocumentEndpoint, ({ actor, params }) => archiveDocument(actor, params))
