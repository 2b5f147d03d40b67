// The workbench's tag writes: one-liners over the typed API client (lib/api/client.ts), kept so that
// the workbench's files name what they do; the types come from the endpoint definitions.
import { call, type CallInput } from '@/lib/api/client'
import { createTagEndpoint, deleteTagEndpoint, restoreTagEndpoint, setAssignmentEndpoint, updateTagEndpoint } from '@/lib/api/endpoints'

export const tagApi = {
  create: (documentId: string, body: CallInput<typeof createTagEndpoint>['body']) => call(createTagEndpoint, { params: { documentId }, body }),
  update: (tagId: string, body: CallInput<typeof updateTagEndpoint>['body']) => call(updateTagEndpoint, { params: { tagId }, body }),
  remove: (tagId: string, version: number) => call(deleteTagEndpoint, { params: { tagId }, query: { version } }),
  restore: (tagId: string, version: number) => call(restoreTagEndpoint, { params: { tagId }, body: { version } }),
  setAssignment: (documentId: string, state: 'todo' | 'in_progress' | 'done') => call(setAssignmentEndpoint, { params: { documentId }, body: { state } }),
}
