// Personal access tokens through the services, with real actors loaded from the database.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { createToken, listTokens, revokeToken } from '../../lib/services/tokens'
import { actorOf, createTestUser, domainErrorOf, requireDatabaseUrl } from './support'

requireDatabaseUrl()

const userIds: string[] = []
let alice: Actor
let bob: Actor

beforeAll(async () => {
  const [a, b] = await Promise.all([createTestUser('alice'), createTestUser('bob')])
  userIds.push(a.id, b.id)
  ;[alice, bob] = await Promise.all([actorOf(a.id), actorOf(b.id)])
})

afterAll(async () => {
  try {
    // Tokens go with their users (ON DELETE CASCADE); delete them first all the same.
    await db.apiToken.deleteMany({ where: { userId: { in: userIds } } })
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    await db.$disconnect()
  }
})

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

describe('createToken', () => {
  it('returns the secret once and stores only its hash', async () => {
    const created = await createToken(alice, { name: 'export script' })
    expect(created.secret).toMatch(/^tbpat_[A-Za-z0-9_-]{40,}$/)
    expect(created.name).toBe('export script')
    expect(created.secret.startsWith(created.prefix)).toBe(true)

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.userId).toBe(alice.id)
    expect(row.tokenHash).toBe(sha256Hex(created.secret))
    expect(row.revokedAt).toBeNull()
    // No column holds the secret, nor its random part.
    const stored = JSON.stringify(row)
    expect(stored).not.toContain(created.secret)
    expect(stored).not.toContain(created.secret.slice(created.prefix.length))

    // Listing later never shows the secret or its hash again.
    const listed = (await listTokens(alice)).find((t) => t.id === created.id)
    expect(listed).toBeDefined()
    expect(JSON.stringify(listed)).not.toContain(created.secret)
    expect(listed).not.toHaveProperty('secret')
    expect(listed).not.toHaveProperty('tokenHash')
  })

  it('gives every token its own secret', async () => {
    const [a, b] = await Promise.all([createToken(alice, { name: 'one' }), createToken(alice, { name: 'two' })])
    expect(a.secret).not.toBe(b.secret)
    expect(a.id).not.toBe(b.id)
  })

  it('refuses a token-authenticated actor (forbidden) and stores nothing', async () => {
    const viaToken = await actorOf(alice.id, 'token')
    const before = await db.apiToken.count({ where: { userId: alice.id } })
    const error = await domainErrorOf(createToken(viaToken, { name: 'made by a token' }))
    expect(error.code).toBe('forbidden')
    expect(error.status).toBe(403)
    expect(error.message).toMatch(/sign in/i)
    expect(await db.apiToken.count({ where: { userId: alice.id } })).toBe(before)
  })
})

describe('listTokens', () => {
  it("lists only the actor's own tokens", async () => {
    const mine = await createToken(bob, { name: "bob's token" })
    const bobs = await listTokens(bob)
    expect(bobs.map((t) => t.id)).toContain(mine.id)
    const alices = await listTokens(alice)
    expect(alices.map((t) => t.id)).not.toContain(mine.id)
  })
})

describe('revokeToken', () => {
  it("answers \"not found\" for someone else's token and leaves it working", async () => {
    const token = await createToken(alice, { name: 'not yours' })
    const error = await domainErrorOf(revokeToken(bob, { id: token.id }))
    expect(error.code).toBe('not_found')
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })
    expect(row.revokedAt).toBeNull()
  })

  it('revokes the owner\'s token once; a second revoke is "not found"', async () => {
    const token = await createToken(alice, { name: 'to revoke' })
    await revokeToken(alice, { id: token.id })
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })
    expect(row.revokedAt).toBeInstanceOf(Date)
    expect((await domainErrorOf(revokeToken(alice, { id: token.id }))).code).toBe('not_found')
  })

  it('answers "not found" for a token that does not exist', async () => {
    expect((await domainErrorOf(revokeToken(alice, { id: 'no-such-token' }))).code).toBe('not_found')
  })
})
