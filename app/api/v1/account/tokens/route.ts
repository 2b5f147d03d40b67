import { createTokenEndpoint, listTokensEndpoint } from '@/lib/api/account-endpoints'
import { handle } from '@/lib/api/endpoint'
import { createToken, listTokens } from '@/lib/services/tokens'

const iso = (date: Date | null) => (date ? date.toISOString() : null)

export const GET = handle(listTokensEndpoint, async ({ actor }) => ({
  items: (await listTokens(actor)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) })),
}))

export const POST = handle(createTokenEndpoint, async ({ actor, body }) => {
  const token = await createToken(actor, body)
  return { ...token, createdAt: token.createdAt.toISOString() }
})
