import { createDocumentEndpoint, listDocumentsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createDocument, listDocuments } from '@/lib/services/documents'

export const GET = handle(listDocumentsEndpoint, ({ actor, params, query }) => listDocuments(actor, { ...query, projectId: params.projectId }))

export const POST = handle(createDocumentEndpoint, ({ actor, params, body }) => createDocument(actor, { ...body, projectId: params.projectId }))
