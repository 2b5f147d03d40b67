// Review of single tags: the transitions of docs/architecture.md ("Review states"), each carrying the tag's
// version, each written as a TagEvent in the same statement. Two reviewers acting on one tag at
// once: the UPDATE matches the version for exactly one of them; the other gets 409 and the tag as
// it now is.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeApproval, authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import type { Prisma } from '../generated/prisma/client'
import { conflict, invalid } from '../errors'
import { reasonListSchema, type ReviewAction, type ReviewInput, type ReviewQueueQuery } from '../schemas/review'
import type { TagView } from '../schemas/tags'
import { canApply, reviewTransitions } from '../review/transitions'
import { checkLabel, checkNotArchived, checkSpan, labelPaths, loadTag, readSpan, snapshot, tagColumns, view, type TagRow } from './tags'
import { LabelTree } from '../taxonomy/tree'

const actionWords: Record<ReviewAction, string> = { approve: 'approved', reject: 'rejected', send_back: 'sent back', reopen: 'reopened' }
const statusWords: Record<TagView['status'], string> = { pending: 'pending', approved: 'approved', rejected: 'rejected', needs_revision: 'waiting for its author to revise it' }

async function selfApprovalOf(projectId: string): Promise<{ selfApproval: boolean }> {
  return db.project.findUniqueOrThrow({ where: { id: projectId }, select: { selfApproval: true } })
}

async function reasonCodes(projectId: string): Promise<Set<string>> {
  const rows = await query<{ reviewReasons: unknown }>(sql`SELECT "reviewReasons" FROM "Project" WHERE id = ${projectId}`)
  if (!rows[0]) throw new Error(`Project ${projectId} of a loaded tag is gone.`)
  return new Set(reasonListSchema.parse(rows[0].reviewReasons).map((r) => r.code))
}

export async function reviewTag(actor: Actor, input: ReviewInput & { tagId: string }): Promise<TagView> {
  const tag = await loadTag(actor, input.tagId)
  authorizeProject(actor, tag.projectId, 'tag.review')
  checkNotArchived(tag)
  // loadTag brings the label path along, so a 409's "current state" costs no further query.
  if (tag.deletedAt) throw conflict('This tag was deleted by its author; there is nothing to review.', { current: view(tag) }, { key: 'review.tagDeleted' })
  if (!canApply(tag.status, input.action)) {
    throw conflict(`This tag is ${statusWords[tag.status]}, so it cannot be ${actionWords[input.action]}. Reload to see its current state.`, { current: view(tag) }, {
      key: 'review.notApplicable',
      values: { status: tag.status, action: input.action },
    })
  }
  const transition = reviewTransitions[input.action]
  if (tag.version !== input.version) {
    throw conflict(`Someone changed this tag since you loaded it (version ${tag.version}, you sent ${input.version}); nothing was changed. Here is its current state.`, {
      current: view(tag),
    }, { key: 'review.stale', values: { version: tag.version, sent: input.version } })
  }
  // Only an approval of one's own tag reads the setting (one query, off the common path).
  if (input.action === 'approve' && tag.authorId === actor.id) authorizeApproval(actor, tag, await selfApprovalOf(tag.projectId))
  if (input.reasonCode && !(await reasonCodes(tag.projectId)).has(input.reasonCode)) {
    throw invalid(`body.reasonCode: "${input.reasonCode}" is not one of this project's reason codes.`, [{ path: 'body.reasonCode', message: 'is not a reason code of this project' }], {
      key: 'review.unknownReasonCode',
      values: { code: input.reasonCode },
    })
  }

  // "Fix and approve": the reviewer's corrected span and label replace the author's; the event keeps both.
  let next = { labelId: tag.labelId, start: tag.start, end: tag.end, quote: tag.quote, prefix: tag.prefix, suffix: tag.suffix }
  let labelPath = tag.labelPath
  if (input.fix) {
    const span = await readSpan(tag.documentId, input.fix.start, input.fix.end, input.fix.labelId)
    if (!span) throw conflict('The document of this tag is gone.', undefined, { key: 'document.gone' })
    labelPath = checkLabel(span, input.fix.labelId)
    checkSpan(span, input.fix.start, input.fix.end, input.fix.quote)
    next = { ...input.fix, prefix: span.prefix ?? '', suffix: span.suffix ?? '' }
  }
  const before = JSON.stringify(snapshot(tag))
  const after = JSON.stringify(snapshot({ ...next, status: transition.to }))
  const rows = await query<TagRow>(sql`
    WITH tag AS (
      UPDATE "Tag" SET status = ${transition.to}::"TagStatus", "reviewerId" = ${actor.id}, version = version + 1, "updatedAt" = now(),
             "labelId" = ${next.labelId}, start = ${next.start}, "end" = ${next.end}, quote = ${next.quote}, prefix = ${next.prefix}, suffix = ${next.suffix}
      WHERE id = ${tag.id} AND version = ${input.version} AND "deletedAt" IS NULL
      RETURNING ${tagColumns}
    ), event AS (
      INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after, "reasonCode", reason)
      SELECT ${randomUUID()}, tag.id, ${actor.id}, ${transition.event}::"TagAction", ${before}::jsonb, ${after}::jsonb, ${input.reasonCode ?? null}, ${input.reason || null} FROM tag
    )
    SELECT * FROM tag`)
  if (rows.length === 0) {
    const now = await loadTag(actor, input.tagId)
    throw conflict('Another reviewer acted on this tag a moment ago; nothing was changed. Here is its current state.', { current: view(now) }, { key: 'review.raced' })
  }
  // The label is the tag's own unless the fix changed it; either way its path is known.
  return view({ ...rows[0], authorName: tag.authorName, labelPath })
}

/** Every change of a tag, oldest first, with who made it. */
export async function listTagEvents(actor: Actor, input: { tagId: string }) {
  await loadTag(actor, input.tagId)
  const events = await db.tagEvent.findMany({
    where: { tagId: input.tagId },
    orderBy: { seq: 'asc' },
    include: { actor: { select: { name: true } } },
  })
  return {
    items: events.map((e) => ({
      id: e.id,
      action: e.action,
      actorId: e.actorId,
      actorName: e.actor.name,
      before: e.before,
      after: e.after,
      reasonCode: e.reasonCode,
      reason: e.reason,
      createdAt: e.createdAt.toISOString(),
    })),
  }
}

/** Ids of a label and every label below it. */
async function labelSubtree(projectId: string, labelId: string): Promise<string[]> {
  const labels = await db.label.findMany({ where: { projectId }, select: { id: true, parentId: true, name: true, order: true } })
  return new LabelTree(labels).subtreeIds(labelId)
}

type QueueRow = TagRow & { documentTitle: string; lastReason: string | null; lastReasonCode: string | null }

/** The project's tags in one review state, filtered, sorted and paginated. */
export async function reviewQueue(actor: Actor, input: ReviewQueueQuery & { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'tag.review')
  const labelIds = input.labelId ? await labelSubtree(input.projectId, input.labelId) : null
  const where: Prisma.TagWhereInput = {
    projectId: input.projectId,
    status: input.status,
    deletedAt: null,
    // Tags of an archived document wait, untouched, until it is restored.
    document: { archivedAt: null },
    ...(labelIds ? { labelId: { in: labelIds } } : {}),
    ...(input.annotatorId ? { authorId: input.annotatorId } : {}),
    ...(input.documentId ? { documentId: input.documentId } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.olderThanHours !== undefined ? { createdAt: { lte: new Date(Date.now() - input.olderThanHours * 3_600_000) } } : {}),
  }
  const orderBy: Prisma.TagOrderByWithRelationInput[] =
    input.sort === 'newest' ? [{ createdAt: 'desc' }, { id: 'desc' }] : input.sort === 'document' ? [{ documentId: 'asc' }, { start: 'asc' }] : [{ createdAt: 'asc' }, { id: 'asc' }]
  const [rows, total] = await Promise.all([
    db.tag.findMany({
      where,
      orderBy,
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: {
        author: { select: { name: true } },
        document: { select: { title: true } },
        events: { where: { reason: { not: null } }, orderBy: { seq: 'desc' }, take: 1, select: { reason: true, reasonCode: true } },
      },
    }),
    db.tag.count({ where }),
  ])
  const paths = await labelPaths([...new Set(rows.map((r) => r.labelId))])
  const pathOf = new Map([...new Set(rows.map((r) => r.labelId))].map((id, i) => [id, paths[i]]))
  const items = rows.map((r) => ({
    ...view({ ...(r as unknown as QueueRow), authorName: r.author.name, labelPath: pathOf.get(r.labelId) ?? [] }),
    documentTitle: r.document.title,
    lastReason: r.events[0]?.reason ?? null,
    lastReasonCode: r.events[0]?.reasonCode ?? null,
  }))
  return { items, total, page: input.page, pageSize: input.pageSize }
}

/** An annotator's own tags sent back for revision, with the reviewer's latest reason. */
export async function myRevisions(actor: Actor, input: { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'tag.write')
  const rows = await db.tag.findMany({
    where: { projectId: input.projectId, authorId: actor.id, status: 'needs_revision', deletedAt: null, document: { archivedAt: null } },
    orderBy: { updatedAt: 'desc' },
    take: 500,
    include: {
      author: { select: { name: true } },
      document: { select: { title: true } },
      events: { where: { action: 'sent_back' }, orderBy: { seq: 'desc' }, take: 1, select: { reason: true, reasonCode: true } },
    },
  })
  const ids = [...new Set(rows.map((r) => r.labelId))]
  const paths = await labelPaths(ids)
  const pathOf = new Map(ids.map((id, i) => [id, paths[i]]))
  return {
    items: rows.map((r) => ({
      ...view({ ...(r as unknown as QueueRow), authorName: r.author.name, labelPath: pathOf.get(r.labelId) ?? [] }),
      documentTitle: r.document.title,
      lastReason: r.events[0]?.reason ?? null,
      lastReasonCode: r.events[0]?.reasonCode ?? null,
    })),
    total: rows.length,
    page: 1,
    pageSize: rows.length,
  }
}

export async function projectReasons(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const project = await db.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { reviewReasons: true } })
  return reasonListSchema.parse(project.reviewReasons)
}
