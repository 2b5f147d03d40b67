import { handle } from '@/lib/api/endpoint'
import { addMemberEndpoint, listMembersEndpoint } from '@/lib/api/member-endpoints'
import { addMember, listProjectMembers } from '@/lib/services/members'

export const GET = handle(listMembersEndpoint, ({ actor, params }) => listProjectMembers(actor, params))
export const POST = handle(addMemberEndpoint, ({ actor, params, body }) => addMember(actor, { ...params, ...body }))
