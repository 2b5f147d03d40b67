// The actor behind a request, loaded through node-postgres (lib/db/sql.ts): a personal access token
// and a session must give the same actor; a revoked token, a disabled account and a stale session
// none. Also the JavaScript types the SQL helper hands back, whatever the time zone of Node.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadActor, loadTokenActor, type Actor } from '../../lib/auth/actor'
import { actorFromRequest } from '../../lib/auth/session'
import { hashToken } from '../../lib/auth/tokens'
import { db } from '../../lib/db/client'
import { query, sql } from '../../lib/db/sql'
import { createToken } from '../../lib/services/tokens'
import { addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

// next-auth (the session cookie's JWT) does not load outside Next; these tests send tokens, and
// load session actors with loadActor, which is what currentActor() calls after decoding the cookie.
vi.mock('../../lib/auth/next-auth', () => ({ auth: async () => null }))

const userIds: string[] = []
let userId: string
let projects: string[]
let secret: string

const bearer = (token: string) => new Request('http://127.0.0.1/api/v1/projects', { headers: { Authorization: `Bearer ${token}` } })

beforeAll(async () => {
  const user = await createTestUser('actor')
  userIds.push(user.id)
  userId = user.id
  const made = await Promise.all([0, 1, 2].map(() => db.project.create({ data: { name: uniqueName('unit-actor') } })))
  projects = made.map((p) => p.id)
  await addMember(projects[0], user.id, 'annotator')
  await addMember(projects[1], user.id, 'reviewer')
  await addMember(projects[2], user.id, 'manager')
  const session = await loadActor(user.id, 'session')
  const token = await createToken(session!, { name: 'actor test' })
  secret = token.secret
})

afterAll(async () => {
  try {
    await db.user.deleteMany({ where: { id: { in: userIds } } })
    await db.project.deleteMany({ where: { id: { in: projects } } })
  } finally {
    await db.$disconnect()
  }
})

/** The same actor, built from Prisma's reading of the rows: what both paths must agree with. */
async function expectedActor(id: string, via: Actor['via']): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id }, include: { memberships: true } })
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, roles: new Map(u.memberships.map((m) => [m.projectId, m.role])), via }
}

describe('actorFromRequest and loadActor', () => {
  it('give the same actor for a token and for a session, with every project role', async () => {
    const viaToken = await actorFromRequest(bearer(secret))
    const viaSession = await loadActor(userId, 'session', 0)
    expect(viaToken).toEqual(await expectedActor(userId, 'token'))
    expect(viaSession).toEqual(await expectedActor(userId, 'session'))
    expect({ ...viaToken, via: 'session' }).toEqual(viaSession)
    expect([...viaToken.roles]).toEqual(expect.arrayContaining([
      [projects[0], 'annotator'],
      [projects[1], 'reviewer'],
      [projects[2], 'manager'],
    ]))
    expect(viaToken.roles.size).toBe(3)
  })

  it('gives a user without memberships an empty role map', async () => {
    const loner = await createTestUser('actor-loner')
    userIds.push(loner.id)
    const actor = await loadActor(loner.id, 'session')
    expect(actor).toEqual({ id: loner.id, email: loner.email, name: loner.name, isAdmin: false, roles: new Map(), via: 'session' })
  })

  it('notes the token use once a minute, as a UTC time Prisma reads as now', async () => {
    const fresh = await createToken((await loadActor(userId, 'session'))!, { name: 'actor test, last use' })
    await Promise.all([1, 2, 3].map(() => actorFromRequest(bearer(fresh.secret))))
    const first = await db.apiToken.findUniqueOrThrow({ where: { id: fresh.id } })
    expect(first.lastUsedAt).toBeInstanceOf(Date)
    expect(Math.abs(first.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000)
    await actorFromRequest(bearer(fresh.secret))
    const second = await db.apiToken.findUniqueOrThrow({ where: { id: fresh.id } })
    expect(second.lastUsedAt).toEqual(first.lastUsedAt)
    const loaded = await loadTokenActor(hashToken(fresh.secret))
    expect(loaded).toMatchObject({ tokenId: fresh.id, revokedAt: null, lastUsedAt: first.lastUsedAt })
  })

  it('refuses an unknown or revoked token and a disabled account (401), and a stale session', async () => {
    const unknown = await domainErrorOf(actorFromRequest(bearer(`${secret.slice(0, -4)}AAAA`)))
    expect(unknown.status).toBe(401)
    expect(unknown.message).toBe('This access token is unknown or was revoked; create a new one in Settings.')
    const malformed = await domainErrorOf(actorFromRequest(new Request('http://127.0.0.1/', { headers: { Authorization: `Token ${secret}` } })))
    expect(malformed.message).toBe('The Authorization header must be "Bearer <personal access token>"; create a token in Settings.')

    const other = await createTestUser('actor-disabled')
    userIds.push(other.id)
    const token = await createToken((await loadActor(other.id, 'session'))!, { name: 'to disable' })
    await db.user.update({ where: { id: other.id }, data: { disabled: true } })
    const disabled = await domainErrorOf(actorFromRequest(bearer(token.secret)))
    expect(disabled.status).toBe(401)
    expect(disabled.message).toBe('The account of this access token is disabled.')
    expect(await loadActor(other.id, 'session')).toBeNull()

    await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } })
    expect((await domainErrorOf(actorFromRequest(bearer(token.secret)))).message).toBe('This access token is unknown or was revoked; create a new one in Settings.')

    // A password reset bumps sessionVersion: older sessions no longer load.
    await db.user.update({ where: { id: userId }, data: { sessionVersion: 3 } })
    expect(await loadActor(userId, 'session', 2)).toBeNull()
    expect(await loadActor(userId, 'session', 3)).not.toBeNull()
    await db.user.update({ where: { id: userId }, data: { sessionVersion: 0 } })
  })
})

describe('the SQL helper (lib/db/sql.ts)', () => {
  it('passes values as parameters, never as SQL text, and splices nested fragments', async () => {
    const evil = `'); DROP TABLE "Tag"; --`
    const where = sql`WHERE t.s = ${evil}`
    const rows = await query<{ s: string; n: number }>(sql`SELECT t.s, ${41}::int + 1 AS n FROM (SELECT ${evil}::text AS s) t ${where}`)
    expect(rows).toEqual([{ s: evil, n: 42 }])
  })

  it('reads and writes timestamptz as the same instant, in any time zone of Node; int4 as numbers, text[] as arrays, json as values', async () => {
    const instant = new Date('2026-01-02T03:04:05.678Z')
    const [row] = await query<{ literal: Date; param: Date; tz: string; n: number; list: string[]; doc: unknown }>(sql`
      SELECT '2026-01-02 11:04:05.678+08'::timestamptz(3) AS literal, ${instant}::timestamptz(3) AS param, current_setting('TimeZone') AS tz,
             7::int AS n, ARRAY['甲', '𠮷'] AS list, json_build_object('a', 1, 'b', json_build_array('x')) AS doc`)
    expect(row.literal).toEqual(instant)
    expect(row.param).toEqual(instant)
    expect(row.tz).toBe('UTC')
    expect(row.n).toBe(7)
    expect(row.list).toEqual(['甲', '𠮷'])
    expect(row.doc).toEqual({ a: 1, b: ['x'] })
  })
})
