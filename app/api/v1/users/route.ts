import { handle } from '@/lib/api/endpoint'
import { createUserEndpoint, listUsersEndpoint } from '@/lib/api/team-endpoints'
import { linkOrigin } from '@/lib/services/invitations'
import { createInvitedUser, listUsers } from '@/lib/services/users'

export const GET = handle(listUsersEndpoint, ({ actor, query }) => listUsers(actor, query))
export const POST = handle(createUserEndpoint, ({ actor, body, request }) => createInvitedUser(actor, { ...body, origin: linkOrigin(request.headers) }))
