import type { Actor } from '../auth/actor'
import { authorizeDocument } from '../auth/permissions'
import { db } from '../db/client'
import type { AssignmentState } from '../generated/prisma/enums'

/** The actor's own work state on a document (todo → in progress → done), created on first use. */
export async function setOwnAssignmentState(actor: Actor, input: { documentId: string; state: AssignmentState }) {
  await authorizeDocument(actor, input.documentId, 'tag.write')
  const row = await db.assignment.upsert({
    where: { documentId_userId: { documentId: input.documentId, userId: actor.id } },
    create: { documentId: input.documentId, userId: actor.id, state: input.state },
    update: { state: input.state },
    select: { documentId: true, state: true, updatedAt: true },
  })
  return { documentId: row.documentId, state: row.state, updatedAt: row.updatedAt.toISOString() }
}

/** Opening a document to tag it moves a "todo" (or no) assignment to "in progress"; "done" stays. */
export async function markStarted(actor: Actor, input: { documentId: string }) {
  const current = await db.assignment.findUnique({ where: { documentId_userId: { documentId: input.documentId, userId: actor.id } } })
  if (current?.state === 'done' || current?.state === 'in_progress') return current.state
  return (await setOwnAssignmentState(actor, { documentId: input.documentId, state: 'in_progress' })).state
}
