// Who is calling. Every service takes an Actor; lib/auth/session.ts builds one from a request.
import type { ProjectRole } from '../generated/prisma/enums'
import { db } from '../db/client'
import { Prisma } from '../generated/prisma/client'

export interface Actor {
  id: string
  email: string
  name: string
  isAdmin: boolean
  /** projectId → role, for every project the actor belongs to. */
  roles: Map<string, ProjectRole>
  via: 'session' | 'token'
}

interface ActorRow {
  id: string
  email: string
  name: string
  isAdmin: boolean
  disabled: boolean
  sessionVersion: number
  memberships: { projectId: string; role: ProjectRole }[]
}

function actorOf(row: ActorRow | undefined, via: Actor['via'], sessionVersion?: number): Actor | null {
  if (!row || row.disabled) return null
  if (sessionVersion !== undefined && sessionVersion !== row.sessionVersion) return null
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin, roles: new Map(row.memberships.map((m) => [m.projectId, m.role])), via }
}

// Every request loads its actor, so this is one query (user and roles together), not two.
const actorColumns = Prisma.sql`u.id, u.email, u.name, u."isAdmin", u.disabled, u."sessionVersion",
  coalesce(json_agg(json_build_object('projectId', m."projectId", 'role', m.role)) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships`

/** Loads a user with their project roles; null when the user is gone, disabled, or the session is stale. */
export async function loadActor(userId: string, via: Actor['via'], sessionVersion?: number): Promise<Actor | null> {
  const rows = await db.$queryRaw<ActorRow[]>`
    SELECT ${actorColumns} FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id WHERE u.id = ${userId} GROUP BY u.id`
  return actorOf(rows[0], via, sessionVersion)
}

/** The token's owner as an actor, with the token's state, in one query. */
export async function loadTokenActor(tokenHash: string) {
  const rows = await db.$queryRaw<(ActorRow & { tokenId: string; revokedAt: Date | null; lastUsedAt: Date | null })[]>`
    SELECT t.id AS "tokenId", t."revokedAt", t."lastUsedAt", ${actorColumns}
    FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE t."tokenHash" = ${tokenHash}
    GROUP BY t.id, u.id`
  const row = rows[0]
  if (!row) return null
  return { tokenId: row.tokenId, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt, actor: actorOf(row, 'token') }
}
