import { deleteDocumentEndpoint, getDocumentEndpoint, updateDocumentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { deleteDocument, getDocument, updateDocument } from '@/lib/services/documents'

export const GET = handle(getDocumentEndpoint, ({ actor, params }) => getDocument(actor, params))
export const PATCH = handle(updateDocumentEndpoint, ({ actor, params, body }) => updateDocument(actor, { ...body, documentId: params.documentId }))
export const DELETE = handle(deleteDocumentEndpoint, ({ actor, params }) => deleteDocument(actor, params))
