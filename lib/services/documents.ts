import { createHash } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeDocument, authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { Prisma } from '../generated/prisma/client'
import { conflict, DomainError, notFound } from '../errors'
import type { CreateDocumentInput, DocumentListQuery, DocumentMeta, UpdateDocumentInput } from '../schemas/documents'
import { codePointLength } from '../text/codepoints'
import { LabelTree } from '../taxonomy/tree'

const summarySelect = {
  id: true,
  projectId: true,
  title: true,
  length: true,
  textSha256: true,
  province: true,
  city: true,
  county: true,
  level: true,
  reportYear: true,
  issuer: true,
  publishedOn: true,
  signedOn: true,
  sourceUrl: true,
  originalFileName: true,
  importedAt: true,
  archivedAt: true,
} satisfies Prisma.DocumentSelect

type SummaryRow = Prisma.DocumentGetPayload<{ select: typeof summarySelect }>

const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null)
const dayOrNull = (s: string | null | undefined) => (s ? new Date(`${s}T00:00:00Z`) : null)

function metaOf(row: SummaryRow): DocumentMeta {
  return {
    province: row.province,
    city: row.city,
    county: row.county,
    level: row.level,
    report_year: row.reportYear,
    issuer: row.issuer,
    published: isoDay(row.publishedOn),
    signed: isoDay(row.signedOn),
    source_url: row.sourceUrl,
    original_file_name: row.originalFileName,
  }
}

function summaryOf(row: SummaryRow, progress: Progress = { tagCount: 0, tagsByTopLabel: {}, myState: null }) {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    length: row.length,
    textSha256: row.textSha256,
    meta: metaOf(row),
    importedAt: row.importedAt.toISOString(),
    archivedAt: row.archivedAt ? row.archivedAt.toISOString() : null,
    ...progress,
  }
}

interface Progress {
  /** Tags the caller may see (their own only, for an annotator in blind mode). */
  tagCount: number
  tagsByTopLabel: Record<string, number>
  myState: 'todo' | 'in_progress' | 'done' | null
}

/** Per document: visible tags in total and per top-level label, and the caller's own work state. */
async function progressOf(actor: Actor, projectId: string, documentIds: string[]): Promise<Map<string, Progress>> {
  const result = new Map<string, Progress>(documentIds.map((id) => [id, { tagCount: 0, tagsByTopLabel: {}, myState: null }]))
  if (documentIds.length === 0) return result
  const role = actor.roles.get(projectId)
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { blindMode: true } })
  const blind = seesOnlyOwnTags(role, project)
  const [labels, counts, assignments] = await Promise.all([
    db.label.findMany({ where: { projectId }, select: { id: true, parentId: true, name: true, order: true } }),
    db.tag.groupBy({
      by: ['documentId', 'labelId'],
      where: { documentId: { in: documentIds }, deletedAt: null, ...(blind ? { authorId: actor.id } : {}) },
      _count: true,
    }),
    db.assignment.findMany({ where: { userId: actor.id, documentId: { in: documentIds } }, select: { documentId: true, state: true } }),
  ])
  const tree = new LabelTree(labels)
  for (const c of counts) {
    const p = result.get(c.documentId)!
    p.tagCount += c._count
    const top = tree.top(c.labelId)?.id ?? c.labelId
    p.tagsByTopLabel[top] = (p.tagsByTopLabel[top] ?? 0) + c._count
  }
  for (const a of assignments) result.get(a.documentId)!.myState = a.state
  return result
}

export type DocumentSummary = ReturnType<typeof summaryOf>

export async function listDocuments(actor: Actor, input: DocumentListQuery & { projectId: string }) {
  authorizeProject(actor, input.projectId, 'document.read')
  const archivedOnly = input.archived === 'only'
  const where: Prisma.DocumentWhereInput = {
    projectId: input.projectId,
    archivedAt: archivedOnly ? { not: null } : null,
    ...(input.province ? { province: input.province } : {}),
    ...(input.year ? { reportYear: input.year } : {}),
    // LIKE wildcards in the search words are literal characters: "100%" finds "100%".
    ...(input.q ? { title: { contains: input.q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' } } : {}),
  }
  // The caller's own assignments come first (unfinished before done), then newest report year.
  const conditions = [sql`d."projectId" = ${input.projectId}`, archivedOnly ? sql`d."archivedAt" IS NOT NULL` : sql`d."archivedAt" IS NULL`]
  if (input.province) conditions.push(sql`d.province = ${input.province}`)
  if (input.year) conditions.push(sql`d."reportYear" = ${input.year}`)
  if (input.q) conditions.push(sql`d.title ILIKE ${`%${input.q.replace(/[\\%_]/g, '\\$&')}%`}`)
  const [ordered, total] = await Promise.all([
    query<{ id: string }>(sql`
      SELECT d.id FROM "Document" d
      LEFT JOIN "Assignment" a ON a."documentId" = d.id AND a."userId" = ${actor.id}
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY (a.id IS NULL), (a.state = 'done') NULLS LAST, d."reportYear" DESC NULLS LAST, d.title
      LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`),
    db.document.count({ where }),
  ])
  const found = await db.document.findMany({ where: { id: { in: ordered.map((o) => o.id) } }, select: summarySelect })
  const byId = new Map(found.map((r) => [r.id, r]))
  const rows = ordered.map((o) => byId.get(o.id)!).filter(Boolean)
  const progress = await progressOf(actor, input.projectId, rows.map((r) => r.id))
  return { items: rows.map((r) => summaryOf(r, progress.get(r.id))), total, page: input.page, pageSize: input.pageSize }
}

/** Values to offer in the document filters. */
export async function documentFacets(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'document.read')
  const [provinces, years, issuers] = await Promise.all([
    db.document.groupBy({ by: ['province'], where: { projectId: input.projectId, archivedAt: null, province: { not: null } }, _count: true, orderBy: { province: 'asc' } }),
    db.document.groupBy({ by: ['reportYear'], where: { projectId: input.projectId, archivedAt: null, reportYear: { not: null } }, _count: true, orderBy: { reportYear: 'desc' } }),
    db.document.groupBy({ by: ['issuer'], where: { projectId: input.projectId, archivedAt: null, issuer: { not: null } }, _count: true }),
  ])
  // Provinces in the order Chinese readers expect (pinyin), not by code point.
  const collator = new Intl.Collator('zh-CN')
  return {
    provinces: provinces.map((p) => ({ value: p.province!, count: p._count })).sort((a, b) => collator.compare(a.value, b.value)),
    years: years.map((y) => ({ value: y.reportYear!, count: y._count })),
    issuers: issuers.map((i) => ({ value: i.issuer!, count: i._count })).sort((a, b) => collator.compare(a.value, b.value)),
  }
}

/** A document with its text; `withProgress: false` skips the tag counts (the workbench has the tags). */
export async function getDocument(actor: Actor, input: { documentId: string; withProgress?: boolean }) {
  const { projectId } = await authorizeDocument(actor, input.documentId, 'document.read')
  const row = await db.document.findUnique({ where: { id: input.documentId }, select: { ...summarySelect, text: true } })
  if (!row) throw notFound('The document', { key: 'document.notFound' })
  const progress = input.withProgress === false ? undefined : (await progressOf(actor, projectId, [row.id])).get(row.id)
  return { ...summaryOf(row, progress), text: row.text }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Stores a new document. The text is kept exactly as given: every tag offset counts into it. */
export async function createDocument(actor: Actor, input: CreateDocumentInput & { projectId: string; originalText?: string }) {
  authorizeProject(actor, input.projectId, 'document.import')
  const textSha256 = sha256(input.text)
  const existing = await db.document.findUnique({
    where: { projectId_textSha256: { projectId: input.projectId, textSha256 } },
    select: { id: true, title: true },
  })
  if (existing) throw conflict(`This text is already in the project as "${existing.title}" (${existing.id}); a document is imported once.`, undefined, {
      key: 'document.duplicateText',
      values: { title: existing.title },
    })
  const m = input.meta
  const row = await db.document
    .create({
    data: {
      projectId: input.projectId,
      title: input.title,
      text: input.text,
      textSha256,
      length: codePointLength(input.text),
      originalText: input.originalText,
      originalFileName: m.original_file_name ?? null,
      province: m.province ?? null,
      city: m.city ?? null,
      county: m.county ?? null,
      level: m.level ?? null,
      reportYear: m.report_year ?? null,
      issuer: m.issuer ?? null,
      publishedOn: dayOrNull(m.published),
      signedOn: dayOrNull(m.signed),
      sourceUrl: m.source_url ?? null,
      importedById: actor.id,
    },
      select: { ...summarySelect, text: true },
    })
    .catch((error: unknown) => {
      // The same text imported twice at the same moment: the unique index decides, the loser gets 409.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict('This text was just imported into the project by another request; a document is imported once.', undefined, { key: 'document.duplicateTextRaced' })
      }
      throw error
    })
  return { ...summaryOf(row), text: row.text }
}

// Corrections after import (issue 16): metadata edits, archive and restore, each with a
// DocumentEvent (append-only, a trigger sees to it) written in the same transaction; deleting only
// a document that never had a tag (tags carry history, which is never deleted).

const columnOf = {
  province: 'province',
  city: 'city',
  county: 'county',
  level: 'level',
  report_year: 'reportYear',
  issuer: 'issuer',
  published: 'publishedOn',
  signed: 'signedOn',
  source_url: 'sourceUrl',
} as const satisfies Partial<Record<keyof DocumentMeta, keyof SummaryRow>>

const archivedReadOnly = () =>
  conflict('This document is archived, so it is read-only; restore it first.', undefined, { key: 'document.archivedReadOnly' })

/** Changes the title and the metadata fields sent (null clears one); records who changed what. */
export async function updateDocument(actor: Actor, input: UpdateDocumentInput & { documentId: string }) {
  await authorizeDocument(actor, input.documentId, 'document.edit')
  return db.$transaction(async (tx) => {
    // A row lock first, so that two managers correcting the same document at once each see the
    // other's result (and the history's "before" is true): an UPDATE that changes nothing locks the
    // row as SELECT … FOR UPDATE would, through Prisma's API (docs/decisions/0010).
    const locked = await tx.document.updateMany({ where: { id: input.documentId }, data: { id: input.documentId } })
    if (locked.count === 0) throw notFound('The document', { key: 'document.notFound' })
    const row = await tx.document.findUniqueOrThrow({ where: { id: input.documentId }, select: { ...summarySelect, text: true } })
    if (row.archivedAt) throw archivedReadOnly()
    const current: Record<string, unknown> = { title: row.title, ...metaOf(row) }
    const wanted: Record<string, unknown> = { ...(input.title === undefined ? {} : { title: input.title }), ...(input.meta ?? {}) }
    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(wanted)) {
      if (value === undefined || current[field] === value) continue
      before[field] = current[field]
      after[field] = value
    }
    if (Object.keys(after).length === 0) return { ...summaryOf(row), text: row.text }
    const data: Prisma.DocumentUpdateInput = {}
    for (const [field, value] of Object.entries(after)) {
      if (field === 'title') data.title = value as string
      else if (field === 'published' || field === 'signed') data[columnOf[field]] = dayOrNull(value as string | null)
      else (data as Record<string, unknown>)[columnOf[field as keyof typeof columnOf]] = value
    }
    const updated = await tx.document.update({ where: { id: row.id }, data, select: { ...summarySelect, text: true } })
    await tx.documentEvent.create({ data: { documentId: row.id, actorId: actor.id, action: 'edited', before: before as Prisma.InputJsonObject, after: after as Prisma.InputJsonObject } })
    return { ...summaryOf(updated), text: updated.text }
  })
}

async function setArchived(actor: Actor, documentId: string, archive: boolean) {
  await authorizeDocument(actor, documentId, 'document.edit')
  return db.$transaction(async (tx) => {
    // Only the request that flips the flag writes an event: a second archive finds nothing to change.
    const changed = await tx.document.updateMany({ where: { id: documentId, archivedAt: archive ? null : { not: null } }, data: { archivedAt: archive ? new Date() : null } })
    if (changed.count === 0) {
      throw archive
        ? conflict('This document is already archived.', undefined, { key: 'document.alreadyArchived' })
        : conflict('This document is not archived.', undefined, { key: 'document.notArchived' })
    }
    await tx.documentEvent.create({ data: { documentId, actorId: actor.id, action: archive ? 'archived' : 'restored' } })
    const row = await tx.document.findUniqueOrThrow({ where: { id: documentId }, select: { ...summarySelect, text: true } })
    return { ...summaryOf(row), text: row.text }
  })
}

/** Hides the document from lists, the review queue, counts and exports; its tags and history stay. */
export const archiveDocument = (actor: Actor, input: { documentId: string }) => setArchived(actor, input.documentId, true)
export const restoreDocument = (actor: Actor, input: { documentId: string }) => setArchived(actor, input.documentId, false)

const hasTags = (count: number) =>
  conflict(
    `This document has ${count} tag${count === 1 ? '' : 's'} (deleted ones included, since their history is kept), so it cannot be deleted; archive it instead.`,
    { tags: count },
    { key: 'document.hasTags', values: { count } },
  )

/** Deletes a document that has never had a tag, with its assignments and history. */
export async function deleteDocument(actor: Actor, input: { documentId: string }) {
  await authorizeDocument(actor, input.documentId, 'document.edit')
  const tags = await db.tag.count({ where: { documentId: input.documentId } })
  if (tags > 0) throw hasTags(tags)
  try {
    // A tag made between the count and here keeps the document: the statement deletes nothing.
    const deleted = await query<{ id: string }>(sql`DELETE FROM "Document" d WHERE d.id = ${input.documentId} AND NOT EXISTS (SELECT 1 FROM "Tag" t WHERE t."documentId" = d.id) RETURNING d.id`)
    if (deleted.length === 0) throw hasTags(await db.tag.count({ where: { documentId: input.documentId } }))
  } catch (error) {
    if (error instanceof DomainError) throw error
    // A tag committed while the delete ran: its history (TagEvent) refuses to go.
    if (error instanceof Prisma.PrismaClientKnownRequestError || (error instanceof Error && /TagEvent|foreign key/i.test(error.message))) {
      throw hasTags(await db.tag.count({ where: { documentId: input.documentId } }))
    }
    throw error
  }
  return { deleted: true as const, id: input.documentId }
}

/** Who changed what on the document, oldest first. */
export async function listDocumentEvents(actor: Actor, input: { documentId: string }) {
  await authorizeDocument(actor, input.documentId, 'document.read')
  const rows = await db.documentEvent.findMany({
    where: { documentId: input.documentId },
    orderBy: { seq: 'asc' },
    include: { actor: { select: { name: true } } },
  })
  return {
    items: rows.map((r) => ({
      id: r.id,
      action: r.action,
      actorId: r.actorId,
      actorName: r.actor.name,
      before: (r.before as Record<string, unknown> | null) ?? null,
      after: (r.after as Record<string, unknown> | null) ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
  }
}
