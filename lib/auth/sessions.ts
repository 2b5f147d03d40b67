// Browser sessions on the server: a row per signed-in browser, whose id the session cookie carries.
// Deleting the row ends the session at once, whatever copies of the cookie exist.
import { createHash, randomBytes } from 'node:crypto'
import { db } from '../db/client'
import { DomainError, forbidden, invalid } from '../errors'
import { endSessionSchema, type EndSessionInput } from '../schemas/sessions'
import { SESSION_MAX_AGE_SECONDS, type Actor } from './actor'

export { endSessionSchema, type EndSessionInput }

/** Starts a session for a user who has just proven who they are; returns its id for the cookie. */
export async function startSession(userId: string, client: { userAgent?: string | null; address?: string }): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await db.session.create({
    data: {
      id,
      userId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      userAgent: (client.userAgent ?? '').slice(0, 300),
      address: (client.address ?? '').slice(0, 64),
    },
  })
  // Expired rows of this user go now: no separate clean-up job is needed.
  await db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } })
  return id
}

/** Ends one session by its id (sign-out); a session that is already gone is fine. */
export async function endSessionById(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } })
}

function sessionActor(actor: Actor): Actor & { sessionId: string } {
  if (actor.via !== 'session' || !actor.sessionId) throw forbidden('Sessions are managed from a signed-in browser, not with an access token.', { key: 'auth.sessionsNeedBrowser' })
  return actor as Actor & { sessionId: string }
}

/** The actor's active sessions, newest use first; `current` marks the one making this request. */
export async function listSessions(actor: Actor) {
  const me = sessionActor(actor)
  const rows = await db.session.findMany({
    where: { userId: me.id, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: 'desc' },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, address: true },
  })
  // The id is the session's secret half: the list shows a short handle instead.
  return rows.map((row) => ({ handle: handleOf(row.id), createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, userAgent: row.userAgent, address: row.address, current: row.id === me.sessionId }))
}

/** A short, non-secret name for a session (the first characters of a hash of its id). */
export function handleOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 16)
}


/** Ends one of the actor's sessions, all the others, or all (including this one). Returns how many ended. */
export async function endSessions(actor: Actor, input: EndSessionInput): Promise<number> {
  const me = sessionActor(actor)
  const parsed = endSessionSchema.safeParse(input)
  if (!parsed.success) throw invalid('Choose a session to end, or end all others.', undefined, { key: 'auth.sessionChoice' })
  const choice = parsed.data
  if ('all' in choice) return (await db.session.deleteMany({ where: { userId: me.id } })).count
  if ('others' in choice) return (await db.session.deleteMany({ where: { userId: me.id, id: { not: me.sessionId } } })).count
  const mine = await db.session.findMany({ where: { userId: me.id }, select: { id: true } })
  const target = mine.find((s) => handleOf(s.id) === choice.handle)
  if (!target) throw new DomainError('not_found', 'This session does not exist or has already ended.', undefined, { key: 'auth.sessionNotFound' })
  await db.session.delete({ where: { id: target.id } })
  return 1
}
