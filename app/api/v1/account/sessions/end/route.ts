import { endSessionsEndpoint } from '@/lib/api/account-endpoints'
import { handle } from '@/lib/api/endpoint'
import { endSessions } from '@/lib/auth/sessions'

export const POST = handle(endSessionsEndpoint, async ({ actor, body }) => ({ ended: await endSessions(actor, body) }))
