import { handle } from '@/lib/api/endpoint'
import { changeMemberRoleEndpoint, removeMemberEndpoint } from '@/lib/api/member-endpoints'
import { changeMemberRole, removeMember } from '@/lib/services/members'

export const PATCH = handle(changeMemberRoleEndpoint, ({ actor, params, body }) => changeMemberRole(actor, { ...params, ...body }))
export const DELETE = handle(removeMemberEndpoint, ({ actor, params }) => removeMember(actor, params))
