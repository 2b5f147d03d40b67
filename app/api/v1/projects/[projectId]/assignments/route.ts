import { listAssignmentsEndpoint, setMemberAssignmentEndpoint } from '@/lib/api/endpoints'
import { handle } from '@/lib/api/endpoint'
import { listAssignments, setAssignment } from '@/lib/services/assignments'

export const GET = handle(listAssignmentsEndpoint, ({ actor, params }) => listAssignments(actor, params))

export const PUT = handle(setMemberAssignmentEndpoint, ({ actor, params, body }) => setAssignment(actor, { ...body, projectId: params.projectId }))
