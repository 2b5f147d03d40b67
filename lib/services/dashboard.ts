// Figures for the project dashboard: progress of documents and tags, and agreement between
// annotators (lib/review/agreement.ts does the arithmetic; this gathers the spans).
import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { computeAgreement, type AgreementDocument } from '../review/agreement'
import { labelPaths } from './tags'
import { LabelTree } from '../taxonomy/tree'
import { TagStatus } from '../generated/prisma/enums'

/** Agreement per level (top label, leaf label) and pair of annotators, over every non-deleted tag. */
export async function projectAgreement(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'agreement.read')
  const [documents, tags, users] = await Promise.all([
    db.document.findMany({ where: { projectId: input.projectId, archivedAt: null }, select: { id: true, length: true } }),
    query<{ documentId: string; authorId: string; labelId: string; start: number; end: number }>(sql`
      SELECT "documentId", "authorId", "labelId", start, "end" FROM "Tag" WHERE "projectId" = ${input.projectId} AND "deletedAt" IS NULL`),
    db.user.findMany({ where: { memberships: { some: { projectId: input.projectId } } }, select: { id: true, name: true } }),
  ])
  const labelIds = [...new Set(tags.map((t) => t.labelId))]
  const paths = new Map(labelIds.map((id, i) => [id, i]))
  const pathList = await labelPaths(labelIds)
  const byDocument = new Map<string, AgreementDocument>(documents.map((d) => [d.id, { id: d.id, length: d.length, annotations: new Map() }]))
  for (const t of tags) {
    const doc = byDocument.get(t.documentId)
    if (!doc) continue
    const spans = doc.annotations.get(t.authorId) ?? []
    spans.push({ start: t.start, end: t.end, labelPath: pathList[paths.get(t.labelId)!] })
    doc.annotations.set(t.authorId, spans)
  }
  const started = performance.now()
  const report = computeAgreement([...byDocument.values()].filter((d) => d.annotations.size >= 2))
  return {
    ...report,
    names: Object.fromEntries(users.map((u) => [u.id, u.name])),
    computedInMs: Math.round(performance.now() - started),
  }
}

/** Documents done, tags per top label and status, and per annotator. */
export async function projectProgress(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'agreement.read')
  const [documentCount, assignments, byLabel, byAuthor, labels, users] = await Promise.all([
    // Archived documents, and their tags and assignments, are out of every count.
    db.document.count({ where: { projectId: input.projectId, archivedAt: null } }),
    db.assignment.groupBy({ by: ['userId', 'state'], where: { document: { projectId: input.projectId, archivedAt: null } }, _count: true }),
    db.tag.groupBy({ by: ['labelId', 'status'], where: { projectId: input.projectId, deletedAt: null, document: { archivedAt: null } }, _count: true }),
    db.tag.groupBy({ by: ['authorId', 'status'], where: { projectId: input.projectId, deletedAt: null, document: { archivedAt: null } }, _count: true }),
    db.label.findMany({ where: { projectId: input.projectId }, select: { id: true, parentId: true, name: true, color: true, order: true } }),
    db.user.findMany({ where: { memberships: { some: { projectId: input.projectId } } }, select: { id: true, name: true } }),
  ])
  const tree = new LabelTree(labels)
  const statuses = Object.values(TagStatus)
  const empty = () => Object.fromEntries(statuses.map((s) => [s, 0])) as Record<(typeof statuses)[number], number>
  const perLabel = new Map(tree.roots().map((l) => [l.id, { labelId: l.id, name: l.name, color: l.color, ...empty() }]))
  for (const row of byLabel) {
    const entry = perLabel.get(tree.top(row.labelId)?.id ?? row.labelId)
    if (entry) entry[row.status] += row._count
  }
  const names = new Map(users.map((u) => [u.id, u.name]))
  const perAnnotator = new Map<string, { userId: string; name: string; done: number; inProgress: number } & Record<(typeof statuses)[number], number>>()
  const annotator = (id: string) => {
    if (!perAnnotator.has(id)) perAnnotator.set(id, { userId: id, name: names.get(id) ?? id, done: 0, inProgress: 0, ...empty() })
    return perAnnotator.get(id)!
  }
  for (const row of byAuthor) annotator(row.authorId)[row.status] += row._count
  for (const row of assignments) {
    if (row.state === 'done') annotator(row.userId).done += row._count
    if (row.state === 'in_progress') annotator(row.userId).inProgress += row._count
  }
  const documentsDone = await db.document.count({ where: { projectId: input.projectId, archivedAt: null, assignments: { some: { state: 'done' } } } })
  return { documentCount, documentsDone, perLabel: [...perLabel.values()], perAnnotator: [...perAnnotator.values()].sort((a, b) => a.name.localeCompare(b.name)) }
}
