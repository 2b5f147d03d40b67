import type { Actor } from '../auth/actor'
import { authorizeDocument, authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { db } from '../db/client'
import { invalid, notFound } from '../errors'
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

/** The actor's own work state on a document, or null before they first set one. */
export async function getOwnAssignmentState(actor: Actor, input: { documentId: string }): Promise<AssignmentState | null> {
  await authorizeDocument(actor, input.documentId, 'document.read')
  const row = await db.assignment.findUnique({ where: { documentId_userId: { documentId: input.documentId, userId: actor.id } }, select: { state: true } })
  return row?.state ?? null
}

/** Every document of the project with who is assigned to it and their state (managers). */
export async function listAssignments(actor: Actor, input: { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'assignment.manage')
  const documents = await db.document.findMany({
    where: { projectId: input.projectId, archivedAt: null },
    orderBy: [{ reportYear: { sort: 'desc', nulls: 'last' } }, { title: 'asc' }],
    select: { id: true, title: true, assignments: { select: { userId: true, state: true } } },
  })
  return { items: documents.map((d) => ({ documentId: d.id, title: d.title, assignments: d.assignments })) }
}

async function checkAnnotators(projectId: string, userIds: string[]) {
  const members = await db.membership.findMany({ where: { projectId, userId: { in: userIds } }, select: { userId: true } })
  const known = new Set(members.map((m) => m.userId))
  const unknown = userIds.filter((id) => !known.has(id))
  if (unknown.length) throw invalid(`body.annotatorIds: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not members' : 'is not a member'} of this project.`, [{ path: 'body.annotatorIds', message: 'must be members of the project' }], {
      key: 'assignment.notMembers',
      values: { count: unknown.length, ids: unknown.join(', ') },
    })
}

/**
 * Gives every document (or the ones listed) `perDocument` annotators, taking for each document
 * those with the fewest assignments so far, so work is spread evenly. Existing assignments stay.
 */
export async function assignEvenly(actor: Actor, input: { projectId: string; annotatorIds: string[]; perDocument: number; documentIds?: string[] }) {
  authorizeProject(actor, input.projectId, 'assignment.manage')
  if (input.perDocument > input.annotatorIds.length) {
    throw invalid(`body.perDocument: ${input.perDocument} annotators per document, but only ${input.annotatorIds.length} were chosen.`, [{ path: 'body.perDocument', message: 'exceeds the number of annotators chosen' }], {
      key: 'assignment.tooManyPerDocument',
      values: { perDocument: input.perDocument, chosen: input.annotatorIds.length },
    })
  }
  await checkAnnotators(input.projectId, input.annotatorIds)
  const documents = await db.document.findMany({
    where: { projectId: input.projectId, archivedAt: null, ...(input.documentIds ? { id: { in: input.documentIds } } : {}) },
    orderBy: { title: 'asc' },
    select: { id: true, assignments: { select: { userId: true } } },
  })
  const load = new Map(input.annotatorIds.map((id) => [id, 0]))
  for (const d of documents) for (const a of d.assignments) if (load.has(a.userId)) load.set(a.userId, load.get(a.userId)! + 1)
  const rows: { documentId: string; userId: string }[] = []
  for (const d of documents) {
    const have = new Set(d.assignments.map((a) => a.userId).filter((id) => load.has(id)))
    const candidates = input.annotatorIds.filter((id) => !have.has(id)).sort((a, b) => load.get(a)! - load.get(b)! || a.localeCompare(b))
    for (const userId of candidates.slice(0, Math.max(0, input.perDocument - have.size))) {
      rows.push({ documentId: d.id, userId })
      load.set(userId, load.get(userId)! + 1)
    }
  }
  const { count } = await db.assignment.createMany({ data: rows, skipDuplicates: true })
  return { created: count, documents: documents.length }
}

/** Assigns one annotator to one document, or takes the assignment away (managers). */
export async function setAssignment(actor: Actor, input: { projectId: string; documentId: string; userId: string; assigned: boolean }) {
  authorizeProject(actor, input.projectId, 'assignment.manage')
  const document = await db.document.findFirst({ where: { id: input.documentId, projectId: input.projectId }, select: { id: true } })
  if (!document) throw notFound('The document', { key: 'document.notFound' })
  await checkAnnotators(input.projectId, [input.userId])
  if (input.assigned) {
    await db.assignment.upsert({ where: { documentId_userId: { documentId: input.documentId, userId: input.userId } }, create: { documentId: input.documentId, userId: input.userId }, update: {} })
  } else {
    await db.assignment.deleteMany({ where: { documentId: input.documentId, userId: input.userId } })
  }
  return { documentId: input.documentId, userId: input.userId, assigned: input.assigned }
}
