import { handle } from '@/lib/api/endpoint'
import { updateUserEndpoint } from '@/lib/api/team-endpoints'
import { linkOrigin } from '@/lib/services/invitations'
import { updateUser } from '@/lib/services/users'

export const PATCH = handle(updateUserEndpoint, ({ actor, params, body, request }) => updateUser(actor, { ...params, ...body, origin: linkOrigin(request.headers) }))
