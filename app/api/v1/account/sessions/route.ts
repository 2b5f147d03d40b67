import { listSessionsEndpoint } from '@/lib/api/account-endpoints'
import { handle } from '@/lib/api/endpoint'
import { listSessions } from '@/lib/auth/sessions'

export const GET = handle(listSessionsEndpoint, async ({ actor }) => ({
  items: (await listSessions(actor)).map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })),
}))
