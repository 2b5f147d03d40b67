import { handle } from '@/lib/api/endpoint'
import { createUsersEndpoint } from '@/lib/api/team-endpoints'
import { linkOrigin } from '@/lib/services/invitations'
import { createInvitedUsers } from '@/lib/services/users'

export const POST = handle(createUsersEndpoint, ({ actor, body, request }) => createInvitedUsers(actor, { list: body.list, origin: linkOrigin(request.headers) }))
