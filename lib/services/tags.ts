// Tags (annotations): create, edit, delete, restore, list. Every write checks the offset contract
// on the server (0 <= start < end <= length, text[start:end] == quote, in code points), carries
// the tag's version, and writes a TagEvent in the same statement.
//
// Writes are plain SQL through node-postgres (lib/db/sql.ts, docs/decisions/0006 and 0008): a tag
// write is the hottest path of the app (annotators tag all day; the benchmark runs 32 clients at
// once), and Prisma's per-query overhead was most of its CPU. Postgres' substr() counts characters,
// which in a UTF-8 database are code points: the same unit as our offsets.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeProject, seesOnlyOwnTags } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { spanProblem } from '../annotate/span-rules'
import { conflict, forbidden, invalid, notFound } from '../errors'
import type { CreateTagInput, TagView, UpdateTagInput } from '../schemas/tags'
import { documentTexts, type TextCache } from '../text/text-cache'
import { statusAfterAuthorEdit } from '../review/transitions'

export const CONTEXT_LENGTH = 32

interface SpanRow {
  projectId: string
  length: number
  blindMode: boolean
  /** The project's longest span, in code points. */
  maxSpanLength: number
  /** An archived document is read-only. */
  archived: boolean
  quote: string | null
  prefix: string | null
  suffix: string | null
  labelOk: boolean | null
  labelPath: string[] | null
}

/**
 * Reads what a write needs about the document, the span and the label, in one query.
 *
 * The text around the span (prefix, quote, suffix) is cut from the document's text held in this
 * process (lib/text/text-cache.ts): Postgres' substr() walks a long text from its start, which in
 * the middle of a 200,000-character report cost as much Postgres CPU as the rest of the write
 * (0.7–1.0 ms). The query sends the text only when this process does not hold it (or holds
 * another hash); a text too long for the cache is cut by one substr() in Postgres, as before.
 */
export async function readSpan(documentId: string, start: number, end: number, labelId: string | null, texts: TextCache = documentTexts()): Promise<SpanRow | null> {
  const from = Math.max(start - CONTEXT_LENGTH, 0)
  let held = texts.get(documentId)
  const rows = await query<Omit<SpanRow, 'quote' | 'prefix' | 'suffix'> & { sha: string; text: string | null; around: string | null }>(sql`
    WITH RECURSIVE label_path AS (
      SELECT l.id, l."parentId", l.name, l."projectId", l.archived, 0 AS depth FROM "Label" l WHERE l.id = ${labelId}
      UNION ALL
      SELECT p.id, p."parentId", p.name, p."projectId", p.archived, lp.depth + 1 FROM "Label" p JOIN label_path lp ON p.id = lp."parentId"
    )
    SELECT d."projectId", d.length, pr."blindMode", pr."maxSpanLength", d."archivedAt" IS NOT NULL AS archived, d."textSha256" AS sha,
           CASE WHEN d."textSha256" IS DISTINCT FROM ${held?.sha ?? null} AND d.length <= ${texts.cacheableLength} THEN d.text END AS text,
           CASE WHEN d.length > ${texts.cacheableLength} AND ${end}::int <= d.length
                THEN substr(d.text, ${from}::int + 1, ${end - from + CONTEXT_LENGTH}::int) END AS around,
           (SELECT bool_and(lp."projectId" = d."projectId") AND NOT bool_or(lp.archived AND lp.depth = 0) FROM label_path lp) AS "labelOk",
           (SELECT array_agg(name ORDER BY depth DESC) FROM label_path) AS "labelPath"
    FROM "Document" d JOIN "Project" pr ON pr.id = d."projectId"
    WHERE d.id = ${documentId}`)
  const row = rows[0]
  if (!row) return null
  if (row.text !== null) held = texts.set(documentId, row.sha, row.text)
  const base = { projectId: row.projectId, length: row.length, blindMode: row.blindMode, maxSpanLength: row.maxSpanLength, archived: row.archived, labelOk: row.labelOk, labelPath: row.labelPath }
  if (end > row.length) return { ...base, prefix: null, quote: null, suffix: null }
  if (held && held.sha === row.sha) {
    // Clamped to the text, as substr() is, should the stored length ever disagree with it.
    const index = held.index
    const cut = (a: number, b: number) => index.slice(Math.min(a, index.length), Math.min(b, index.length))
    return { ...base, prefix: cut(from, start), quote: cut(start, end), suffix: cut(end, end + CONTEXT_LENGTH) }
  }
  const chars = Array.from(row.around ?? '')
  return {
    ...base,
    prefix: chars.slice(0, start - from).join(''),
    quote: chars.slice(start - from, end - from).join(''),
    suffix: chars.slice(end - from).join(''),
  }
}

/** Tags of an archived document stay as they are until it is restored. */
export function checkNotArchived(document: { archived: boolean }): void {
  if (document.archived) throw conflict('This document is archived, so it is read-only; restore it first.', undefined, { key: 'document.archivedReadOnly' })
}

export function checkSpan(span: SpanRow, start: number, end: number, quote: string): void {
  checkNotArchived(span)
  if (end > span.length) {
    throw conflict(`The span [${start}, ${end}) runs past the end of the document, which is ${span.length} code points long; nothing was stored.`, undefined, {
      key: 'tag.spanPastEnd',
      values: { start, end, length: span.length },
    })
  }
  if (span.quote !== quote) {
    throw conflict(
      `The text at [${start}, ${end}) is "${span.quote}", not the quote sent ("${quote.length > 40 ? `${quote.slice(0, 40)}…` : quote}"). ` +
        'Offsets count Unicode code points (as Python does), end exclusive; nothing was stored.',
      { actual: span.quote },
      { key: 'tag.quoteMismatch', values: { start, end, actual: span.quote ?? '' } },
    )
  }
  // The workbench's rules (lib/annotate/span-rules.ts), so that the API stores nothing the UI would refuse.
  const problem = spanProblem(quote, span.maxSpanLength)
  if (problem) throw invalid(problem.message, [{ path: 'body.quote', message: problem.message }], { key: problem.key, values: problem.values })
}

export function checkLabel(span: SpanRow, labelId: string): string[] {
  if (!span.labelOk || !span.labelPath) {
    throw invalid(`body.labelId: there is no label ${labelId} in this document's project (or it is archived).`, [
      { path: 'body.labelId', message: 'is not a label of this project' },
    ], { key: 'tag.unknownLabel' })
  }
  return span.labelPath
}

export interface TagRow {
  id: string
  documentId: string
  labelId: string
  start: number
  end: number
  quote: string
  prefix: string
  suffix: string
  authorId: string
  authorName: string
  reviewerId: string | null
  status: TagView['status']
  source: TagView['source']
  version: number
  deletedAt: Date | null
  createdAt: Date
  updatedAt: Date
  labelPath: string[]
}

type Snapshot = Pick<TagRow, 'labelId' | 'start' | 'end' | 'quote' | 'status'>

/**
 * The columns of "Tag" a TagRow needs, named rather than `*` (a column added later does not change
 * what these statements return). pg reads timestamps as UTC Dates (lib/db/sql.ts), ints as numbers.
 */
export const tagColumns = sql`id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "deletedAt", "createdAt", "updatedAt"`

export function view(row: TagRow): TagView {
  return {
    id: row.id,
    documentId: row.documentId,
    labelId: row.labelId,
    labelPath: row.labelPath,
    start: row.start,
    end: row.end,
    quote: row.quote,
    prefix: row.prefix,
    suffix: row.suffix,
    authorId: row.authorId,
    authorName: row.authorName,
    reviewerId: row.reviewerId,
    status: row.status,
    source: row.source,
    version: row.version,
    deleted: row.deletedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function snapshot(row: Snapshot) {
  return { labelId: row.labelId, start: row.start, end: row.end, quote: row.quote, status: row.status }
}

export async function createTag(actor: Actor, input: CreateTagInput & { documentId: string }): Promise<TagView> {
  const span = await readSpan(input.documentId, input.start, input.end, input.labelId)
  if (!span || !actor.roles.has(span.projectId)) throw notFound('The document', { key: 'document.notFound' })
  authorizeProject(actor, span.projectId, 'tag.write')
  const labelPath = checkLabel(span, input.labelId)
  checkSpan(span, input.start, input.end, input.quote)

  const id = randomUUID()
  const after = JSON.stringify({ labelId: input.labelId, start: input.start, end: input.end, quote: input.quote, status: 'pending' })
  // One statement, so the tag and its history row are written together or not at all.
  const rows = await query<TagRow>(sql`
    WITH tag AS (
      INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", status, source, version, "updatedAt")
      VALUES (${id}, ${span.projectId}, ${input.documentId}, ${input.labelId}, ${input.start}, ${input.end}, ${input.quote}, ${span.prefix ?? ''}, ${span.suffix ?? ''},
              ${actor.id}, 'pending', 'manual', 1, now())
      RETURNING ${tagColumns}
    ), event AS (
      INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after) SELECT ${randomUUID()}, tag.id, ${actor.id}, 'created', ${after}::jsonb FROM tag
    )
    SELECT * FROM tag`)
  return view({ ...rows[0], authorName: actor.name, labelPath })
}

/**
 * The tag with its author's name, project, blind mode and label path (what every later step and
 * every 409's "current state" need), in one statement.
 */
export async function loadTag(actor: Actor, tagId: string) {
  const rows = await query<TagRow & { projectId: string; blindMode: boolean; archived: boolean }>(sql`
    WITH RECURSIVE t AS (
      SELECT ${tagColumns} FROM "Tag" WHERE id = ${tagId}
    ), up AS (
      SELECT l.id, l."parentId", l.name, 0 AS depth FROM "Label" l JOIN t ON l.id = t."labelId"
      UNION ALL
      SELECT p.id, p."parentId", p.name, up.depth + 1 FROM "Label" p JOIN up ON p.id = up."parentId"
    )
    SELECT t.*, u.name AS "authorName", d."projectId", p."blindMode", d."archivedAt" IS NOT NULL AS archived,
           coalesce((SELECT array_agg(name ORDER BY depth DESC) FROM up), ARRAY[]::text[]) AS "labelPath"
    FROM t JOIN "Document" d ON d.id = t."documentId" JOIN "Project" p ON p.id = d."projectId" JOIN "User" u ON u.id = t."authorId"`)
  const tag = rows[0]
  if (!tag || !actor.roles.has(tag.projectId)) throw notFound('The tag', { key: 'permission.tagNotFound' })
  const role = actor.roles.get(tag.projectId)
  // In blind mode an annotator does not even learn that another annotator's tag exists.
  if (tag.authorId !== actor.id && seesOnlyOwnTags(role, tag)) throw notFound('The tag', { key: 'permission.tagNotFound' })
  return tag
}

/** The rules for changing a tag outside review: own tag, not approved, not rejected, current version. */
function checkOwnEditable(actor: Actor, tag: TagRow, version: number, verb: string): void {
  if (tag.authorId !== actor.id) throw forbidden(`This tag is ${tag.authorName}'s: only its author may ${verb} it (a reviewer can fix it while reviewing).`, { key: 'tag.notYours', values: { author: tag.authorName, verb } })
  if (tag.status === 'approved') throw forbidden(`This tag is approved, so it can no longer be ${verb === 'delete' ? 'deleted' : 'changed'}; ask a reviewer to reopen it.`, { key: 'tag.approvedLocked', values: { verb } })
  if (tag.status === 'rejected' && verb !== 'delete') throw forbidden('This tag was rejected; ask a reviewer to reopen it, or delete it and tag the passage anew.', { key: 'tag.rejectedLocked' })
  if (tag.version !== version) {
    throw conflict(`This tag changed since you loaded it (version ${tag.version}, you sent ${version}); reload to see the current state.`, { current: tag.version }, {
      key: 'tag.stale',
      values: { version: tag.version, sent: version },
    })
  }
}

const staleVersion = () => conflict('This tag was changed by someone else a moment ago; reload to see the current state. Nothing was changed.', undefined, { key: 'tag.raced' })

export async function updateTag(actor: Actor, input: UpdateTagInput & { tagId: string }): Promise<TagView> {
  const tag = await loadTag(actor, input.tagId)
  if (tag.deletedAt) throw conflict('This tag was deleted; restore it first.', undefined, { key: 'tag.deleted' })
  authorizeProject(actor, tag.projectId, 'tag.write')
  checkOwnEditable(actor, tag, input.version, 'change')

  const next = {
    labelId: input.labelId ?? tag.labelId,
    start: input.start ?? tag.start,
    end: input.end ?? tag.end,
    quote: input.quote ?? tag.quote,
  }
  const span = await readSpan(tag.documentId, next.start, next.end, next.labelId)
  if (!span) throw notFound('The document', { key: 'document.notFound' })
  const labelPath = checkLabel(span, next.labelId)
  checkSpan(span, next.start, next.end, next.quote)

  // An author's edit of a sent-back tag returns it to review (docs/architecture.md, "Review states").
  const status = statusAfterAuthorEdit(tag.status)
  const before = JSON.stringify(snapshot(tag))
  const after = JSON.stringify({ ...next, status })
  const rows = await query<TagRow>(sql`
    WITH tag AS (
      UPDATE "Tag" SET "labelId" = ${next.labelId}, start = ${next.start}, "end" = ${next.end}, quote = ${next.quote},
             prefix = ${span.prefix ?? ''}, suffix = ${span.suffix ?? ''}, status = ${status}::"TagStatus", version = version + 1, "updatedAt" = now()
      WHERE id = ${tag.id} AND version = ${input.version} AND "deletedAt" IS NULL
      RETURNING ${tagColumns}
    ), event AS (
      INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after)
      SELECT ${randomUUID()}, tag.id, ${actor.id}, 'edited', ${before}::jsonb, ${after}::jsonb FROM tag
    )
    SELECT * FROM tag`)
  if (rows.length === 0) throw staleVersion()
  return view({ ...rows[0], authorName: tag.authorName, labelPath })
}

async function setDeleted(actor: Actor, input: { tagId: string; version: number }, deleted: boolean): Promise<TagView> {
  const tag = await loadTag(actor, input.tagId)
  authorizeProject(actor, tag.projectId, 'tag.write')
  checkNotArchived(tag)
  if (deleted === (tag.deletedAt !== null)) throw deleted ? conflict('This tag is already deleted.', undefined, { key: 'tag.alreadyDeleted' }) : conflict('This tag is not deleted.', undefined, { key: 'tag.notDeleted' })
  checkOwnEditable(actor, tag, input.version, deleted ? 'delete' : 'restore')
  const action = deleted ? 'deleted' : 'restored'
  const rows = await query<TagRow>(sql`
    WITH tag AS (
      UPDATE "Tag" SET "deletedAt" = ${deleted ? new Date() : null}, version = version + 1, "updatedAt" = now()
      WHERE id = ${tag.id} AND version = ${input.version}
      RETURNING ${tagColumns}
    ), event AS (
      INSERT INTO "TagEvent" (id, "tagId", "actorId", action, before, after)
      SELECT ${randomUUID()}, tag.id, ${actor.id}, ${action}::"TagAction", ${JSON.stringify(snapshot(tag))}::jsonb, ${JSON.stringify(snapshot(tag))}::jsonb FROM tag
    )
    SELECT * FROM tag`)
  if (rows.length === 0) throw staleVersion()
  // Deleting or restoring keeps the label, so loadTag's path is the tag's path.
  return view({ ...rows[0], authorName: tag.authorName, labelPath: tag.labelPath })
}

export const deleteTag = (actor: Actor, input: { tagId: string; version: number }) => setDeleted(actor, input, true)
export const restoreTag = (actor: Actor, input: { tagId: string; version: number }) => setDeleted(actor, input, false)

export async function labelPaths(labelIds: string[]): Promise<string[][]> {
  const rows = await query<{ id: string; path: string[] }>(sql`
    WITH RECURSIVE up AS (
      SELECT l.id AS leaf, l.id, l."parentId", l.name, 0 AS depth FROM "Label" l WHERE l.id = ANY(${labelIds}::text[])
      UNION ALL
      SELECT up.leaf, p.id, p."parentId", p.name, up.depth + 1 FROM "Label" p JOIN up ON p.id = up."parentId"
    )
    SELECT leaf AS id, array_agg(name ORDER BY depth DESC) AS path FROM up GROUP BY leaf`)
  const byId = new Map(rows.map((r) => [r.id, r.path]))
  return labelIds.map((id) => byId.get(id) ?? [])
}

/** The document's tags the actor may see: in blind mode an annotator sees only their own. */
export async function listTags(actor: Actor, input: { documentId: string }): Promise<{ items: TagView[]; blind: boolean }> {
  const document = await db.document.findUnique({ where: { id: input.documentId }, select: { projectId: true, project: { select: { blindMode: true } } } })
  if (!document || !actor.roles.has(document.projectId)) throw notFound('The document', { key: 'document.notFound' })
  const role = authorizeProject(actor, document.projectId, 'document.read')
  const blind = seesOnlyOwnTags(role, document.project)
  const rows = await query<TagRow>(sql`
    SELECT t.*, u.name AS "authorName", ARRAY[]::text[] AS "labelPath"
    FROM "Tag" t JOIN "User" u ON u.id = t."authorId"
    WHERE t."documentId" = ${input.documentId} AND t."deletedAt" IS NULL AND (${!blind}::boolean OR t."authorId" = ${actor.id})
    ORDER BY t.start, t."end"`)
  const paths = new Map<string, string[]>()
  const distinct = [...new Set(rows.map((r) => r.labelId))]
  ;(await labelPaths(distinct)).forEach((p, i) => paths.set(distinct[i], p))
  return { items: rows.map((r) => view({ ...r, labelPath: paths.get(r.labelId) ?? [] })), blind }
}

