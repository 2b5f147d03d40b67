import { createDocumentEndpoint, listDocumentsEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { createDocument, listDocuments } from '@/lib/services/documents'
import { suggestAfterImport } from '@/lib/services/suggestions'

export const GET = handle(listDocumentsEndpoint, ({ actor, params, query }) => listDocuments(actor, { ...query, projectId: params.projectId }))

// A new document gets suggestions in the background when the project suggests on import, as an import's documents do;
// here and not in the service (scripts create documents too, and must not start a queue client). Never awaited.
export const POST = handle(createDocumentEndpoint, async ({ actor, params, body }) => {
  const created = await createDocument(actor, { ...body, projectId: params.projectId })
  void suggestAfterImport(params.projectId, [created.id]).catch((error) => console.error(`Suggestions for the new document ${created.id} could not be queued:`, error))
  return created
})
