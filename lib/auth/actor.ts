// Who is calling. Every service takes an Actor; lib/auth/session.ts builds one from a request.
import type { ProjectRole } from '../generated/prisma/enums'
import { db } from '../db/client'

export interface Actor {
  id: string
  email: string
  name: string
  isAdmin: boolean
  /** projectId → role, for every project the actor belongs to. */
  roles: Map<string, ProjectRole>
  via: 'session' | 'token'
}

/** Loads a user with their project roles; null when the user is gone, disabled, or the session is stale. */
export async function loadActor(userId: string, via: Actor['via'], sessionVersion?: number): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { select: { projectId: true, role: true } } },
  })
  if (!user || user.disabled) return null
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) return null
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    roles: new Map(user.memberships.map((m) => [m.projectId, m.role])),
    via,
  }
}

