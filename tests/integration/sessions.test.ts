// Server-side sessions: a cookie is only as good as its Session row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSessionActor } from '../../lib/auth/actor'
import { endSessionById, endSessions, listSessions, startSession } from '../../lib/auth/sessions'
import { newToken } from '../../lib/auth/tokens'
import { db } from '../../lib/db/client'
import { resetPassword } from '../../lib/services/users'
import { createTestUser, domainErrorOf, requireDatabaseUrl } from './support'

requireDatabaseUrl()

const userIds: string[] = []
let userId: string
let email: string

beforeAll(async () => {
  const user = await createTestUser('sessions')
  userIds.push(user.id)
  userId = user.id
  email = user.email
})

afterAll(async () => {
  try {
    await db.user.deleteMany({ where: { id: { in: userIds } } })
  } finally {
    await db.$disconnect()
  }
})

async function actorOfSession(sessionId: string) {
  return (await loadSessionActor(userId, (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion, sessionId))?.actor ?? null
}

describe('sessions', () => {
  it('a session id signs its user in until the row is deleted', async () => {
    const id = await startSession(userId, { userAgent: 'Mozilla/5.0 Chrome/156.0', address: '203.0.113.7' })
    expect((await actorOfSession(id))?.id).toBe(userId)
    expect((await actorOfSession(id))?.sessionId).toBe(id)
    await endSessionById(id)
    expect(await actorOfSession(id)).toBeNull()
  })

  it("another user's session id does not sign this user in, nor an expired one", async () => {
    const other = await createTestUser('sessions-other')
    userIds.push(other.id)
    const theirs = await startSession(other.id, {})
    expect(await actorOfSession(theirs)).toBeNull()
    const mine = await startSession(userId, {})
    await db.session.update({ where: { id: mine }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await actorOfSession(mine)).toBeNull()
  })

  it('lists the active sessions without their ids, and ends one, the others, or all', async () => {
    await db.session.deleteMany({ where: { userId } })
    const [a, b, c] = [await startSession(userId, { userAgent: 'A' }), await startSession(userId, { userAgent: 'B' }), await startSession(userId, { userAgent: 'C' })]
    const me = (await actorOfSession(a))!
    const listed = await listSessions(me)
    expect(listed).toHaveLength(3)
    expect(listed.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['A'])
    expect(JSON.stringify(listed)).not.toContain(b)

    const handleOfB = listed.find((s) => s.userAgent === 'B')!.handle
    expect(await endSessions(me, { handle: handleOfB })).toBe(1)
    expect(await actorOfSession(b)).toBeNull()
    expect((await domainErrorOf(endSessions(me, { handle: handleOfB }))).status).toBe(404)

    expect(await endSessions(me, { others: true })).toBe(1)
    expect(await actorOfSession(c)).toBeNull()
    expect(await actorOfSession(a)).not.toBeNull()

    expect(await endSessions(me, { all: true })).toBe(1)
    expect(await actorOfSession(a)).toBeNull()
  })

  it("one user cannot end another user's session by its handle", async () => {
    const other = await createTestUser('sessions-victim')
    userIds.push(other.id)
    const victim = await startSession(other.id, {})
    const mine = await startSession(userId, {})
    const me = (await actorOfSession(mine))!
    const { handleOf } = await import('../../lib/auth/sessions')
    expect((await domainErrorOf(endSessions(me, { handle: handleOf(victim) }))).status).toBe(404)
    expect(await db.session.count({ where: { id: victim } })).toBe(1)
  })
})

describe('an admin password reset', () => {
  it("ends the user's sessions and revokes their personal access tokens", async () => {
    const session = await startSession(userId, {})
    const token = newToken()
    await db.apiToken.create({ data: { userId, name: 'script', tokenHash: token.hash, prefix: token.prefix } })
    const result = await resetPassword('system', { email, password: 'a-new-password-123' })
    expect(result.revokedTokens).toBe(1)
    expect(await actorOfSession(session)).toBeNull()
    expect(await db.session.count({ where: { userId } })).toBe(0)
    const stored = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: token.hash } })
    expect(stored.revokedAt).not.toBeNull()
  })
})
