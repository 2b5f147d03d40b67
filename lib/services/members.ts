import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { db } from '../db/client'

/** The project's members with their roles (for filters and assignment). */
export async function listMembers(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await db.membership.findMany({
    where: { projectId: input.projectId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: 'asc' }, { user: { name: 'asc' } }],
  })
  return rows.map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email, role: m.role }))
}
