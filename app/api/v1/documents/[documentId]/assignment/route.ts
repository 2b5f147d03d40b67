import { setAssignmentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { setOwnAssignmentState } from '@/lib/services/assignments'

export const PUT = handle(setAssignmentEndpoint, ({ actor, params, body }) => setOwnAssignmentState(actor, { documentId: params.documentId, state: body.state }))
