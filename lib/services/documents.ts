import { createHash } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeDocument, authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { Prisma } from '../generated/prisma/client'
import { conflict, notFound } from '../errors'
import type { CreateDocumentInput, DocumentListQuery, DocumentMeta } from '../schemas/documents'
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
  const where: Prisma.DocumentWhereInput = {
    projectId: input.projectId,
    ...(input.province ? { province: input.province } : {}),
    ...(input.year ? { reportYear: input.year } : {}),
    // LIKE wildcards in the search words are literal characters: "100%" finds "100%".
    ...(input.q ? { title: { contains: input.q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' } } : {}),
  }
  // The caller's own assignments come first (unfinished before done), then newest report year.
  const conditions = [sql`d."projectId" = ${input.projectId}`]
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
    db.document.groupBy({ by: ['province'], where: { projectId: input.projectId, province: { not: null } }, _count: true, orderBy: { province: 'asc' } }),
    db.document.groupBy({ by: ['reportYear'], where: { projectId: input.projectId, reportYear: { not: null } }, _count: true, orderBy: { reportYear: 'desc' } }),
    db.document.groupBy({ by: ['issuer'], where: { projectId: input.projectId, issuer: { not: null } }, _count: true }),
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
