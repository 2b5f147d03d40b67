// Who is calling. Every service takes an Actor; lib/auth/session.ts builds one from a request.
// Every request loads its actor, so this is one query through node-postgres (lib/db/sql.ts), not
// Prisma: user and roles together, and for a token the token's state too.
import type { ProjectRole } from '../generated/prisma/enums'
import { query, sql } from '../db/sql'

export interface Actor {
  id: string
  email: string
  name: string
  isAdmin: boolean
  /** projectId → role, for every project the actor belongs to. */
  roles: Map<string, ProjectRole>
  via: 'session' | 'token'
  /** The Session row of a browser session (lib/auth/sessions.ts); absent for tokens. */
  sessionId?: string
  /** Projects of the actor's that are archived (read-only); absent when none is. */
  archivedProjects?: Set<string>
}

interface ActorRow {
  id: string
  email: string
  name: string
  isAdmin: boolean
  disabled: boolean
  sessionVersion: number
  memberships: { projectId: string; role: ProjectRole; archived: boolean }[]
}

function actorOf(row: ActorRow | undefined, via: Actor['via'], sessionVersion?: number): Actor | null {
  if (!row || row.disabled) return null
  if (sessionVersion !== undefined && sessionVersion !== row.sessionVersion) return null
  const archived = row.memberships.filter((m) => m.archived).map((m) => m.projectId)
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    roles: new Map(row.memberships.map((m) => [m.projectId, m.role])),
    via,
    ...(archived.length ? { archivedProjects: new Set(archived) } : {}),
  }
}

// json_agg comes back parsed (pg parses json); sessionVersion is int4, so a number.
const actorColumns = sql`u.id, u.email, u.name, u."isAdmin", u.disabled, u."sessionVersion",
  coalesce(json_agg(json_build_object('projectId', m."projectId", 'role', m.role,
    'archived', EXISTS (SELECT 1 FROM "Project" p WHERE p.id = m."projectId" AND p."archivedAt" IS NOT NULL))) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships`

/** Loads a user with their project roles; null when the user is gone, disabled, or the session is stale. */
export async function loadActor(userId: string, via: Actor['via'], sessionVersion?: number): Promise<Actor | null> {
  const rows = await query<ActorRow>(sql`
    SELECT ${actorColumns} FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id WHERE u.id = ${userId} GROUP BY u.id`)
  return actorOf(rows[0], via, sessionVersion)
}

/** How long a session lives without use; each use (noted at most once a minute) extends it. Matches the cookie's maxAge. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60

/**
 * The actor of a browser session, in one query: the user, their roles, and whether the Session row
 * is still there and unexpired (sign-out and "end session" delete it). lastSeenAt comes along so
 * that the caller can note a use without a second read.
 */
export async function loadSessionActor(userId: string, sessionVersion: number, sessionId: string) {
  const rows = await query<ActorRow & { lastSeenAt: Date }>(sql`
    SELECT s."lastSeenAt", ${actorColumns}
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE s.id = ${sessionId} AND s."userId" = ${userId} AND s."expiresAt" > now()
    GROUP BY s.id, u.id`)
  const row = rows[0]
  const actor = actorOf(row, 'session', sessionVersion)
  if (!row || !actor) return null
  return { actor: { ...actor, sessionId }, lastSeenAt: row.lastSeenAt }
}

const sessionsTouched = new Map<string, number>()

/** Notes a session's use and extends its life: at most one write a minute per session. */
export async function touchSession(sessionId: string, now = Date.now()): Promise<void> {
  if (now - (sessionsTouched.get(sessionId) ?? 0) < 60_000) return
  if (sessionsTouched.size > 10_000) sessionsTouched.clear()
  sessionsTouched.set(sessionId, now)
  await query(sql`UPDATE "Session" SET "lastSeenAt" = now(), "expiresAt" = now() + make_interval(secs => ${SESSION_MAX_AGE_SECONDS})
    WHERE id = ${sessionId} AND "lastSeenAt" < now() - interval '1 minute'`)
}

/** The token's owner as an actor, with the token's state, in one query. */
export async function loadTokenActor(tokenHash: string) {
  const rows = await query<ActorRow & { tokenId: string; revokedAt: Date | null; lastUsedAt: Date | null }>(sql`
    SELECT t.id AS "tokenId", t."revokedAt", t."lastUsedAt", ${actorColumns}
    FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE t."tokenHash" = ${tokenHash}
    GROUP BY t.id, u.id`)
  const row = rows[0]
  if (!row) return null
  return { tokenId: row.tokenId, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt, actor: actorOf(row, 'token') }
}

/** Tokens this process noted in the last minute: requests in flight together send one UPDATE, not one each. */
const touched = new Map<string, number>()

/** Notes a token's use: at most one write a minute per token, also with many requests at once. */
export async function touchToken(tokenId: string, now = Date.now()): Promise<void> {
  if (now - (touched.get(tokenId) ?? 0) < 60_000) return
  if (touched.size > 10_000) touched.clear()
  touched.set(tokenId, now)
  // Other server processes may hold the same token: the UPDATE checks the minute itself.
  await query(sql`UPDATE "ApiToken" SET "lastUsedAt" = now() WHERE id = ${tokenId} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`)
}
