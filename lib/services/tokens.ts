import type { Actor } from '../auth/actor'
import { newToken } from '../auth/tokens'
import { db } from '../db/client'
import { authorizeTokenCreate } from '../auth/permissions'
import { notFound } from '../errors'

export async function listTokens(actor: Actor) {
  return db.apiToken.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  })
}

/** Returns the secret once; only its hash is kept. */
export async function createToken(actor: Actor, input: { name: string }) {
  authorizeTokenCreate(actor)
  const token = newToken()
  const row = await db.apiToken.create({
    data: { userId: actor.id, name: input.name, tokenHash: token.hash, prefix: token.prefix },
    select: { id: true, name: true, prefix: true, createdAt: true },
  })
  return { ...row, secret: token.secret }
}

export async function revokeToken(actor: Actor, input: { id: string }) {
  const { count } = await db.apiToken.updateMany({
    where: { id: input.id, userId: actor.id, revokedAt: null },
    data: { revokedAt: new Date() },
  })
  if (count === 0) throw notFound('The token', { key: 'token.notFound' })
}
