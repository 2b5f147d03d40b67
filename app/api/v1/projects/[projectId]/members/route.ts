import { handle } from '@/lib/api/endpoint'
import { addMemberEndpoint, listMembersEndpoint } from '@/lib/api/member-endpoints'
import { linkOrigin } from '@/lib/services/invitations'
import { addMember, listProjectMembers } from '@/lib/services/members'

export const GET = handle(listMembersEndpoint, ({ actor, params }) => listProjectMembers(actor, params))
export const POST = handle(addMemberEndpoint, ({ actor, params, body, request }) => addMember(actor, { ...params, ...body, origin: linkOrigin(request.headers) }))
