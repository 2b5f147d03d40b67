// Imports Tagbench's own jsonl export into a project: documents, missing labels, and tags with
// their statuses, sources, authors and reviewers. Two passes over the file: the first checks every
// line (schema, SHA-256, each span against the text in code points) and writes nothing; the second
// writes everything in one transaction with multi-row INSERTs, so a failure leaves no trace.
//
// People are matched by email among the project's members: an import moves data, not rights, and
// its answer must not tell which emails have accounts elsewhere on the instance. An email that
// names no member makes the importing manager the author (and leaves the reviewer empty); the
// original emails stay in the tag's 'created' event.
import { createHash, randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { connect, sql, type Connection } from '../db/sql'
import { conflict, invalid } from '../errors'
import { checkLine, type Issue, type ManifestLabel } from '../import/corpus-jsonl'
import { openCorpus, type CorpusSource } from '../import/sources'
import { newUploadFolder, saveUpload } from '../import/upload'
import type { ImportResult } from '../schemas/imports'
import { childColors } from '../taxonomy/colors'
import { CONTEXT_LENGTH, type TagRow as StoredTag } from './tags'
import { LabelTree } from '../taxonomy/tree'

export interface ImportProgress {
  phase: 'checking' | 'writing'
  /** Lines (documents) done in this phase. */
  documents: number
  /** Known once the first phase has read the whole file. */
  total: number | null
}

export interface ImportInput {
  projectId: string
  source: CorpusSource
  onProgress?: (progress: ImportProgress) => void
  /** Called after the commit with the documents this import created (not the reused ones): the API route queues their suggestions. */
  onCommitted?: (createdDocumentIds: string[]) => void
}

/** Problems listed in one error: enough to fix a file, short enough to read. */
const MAX_ISSUES = 20
const LIST_LIMIT = 100
/** Rows per INSERT: large enough for few round trips, small enough for modest statements. */
const TAG_BATCH = 5000
const DOCUMENT_BATCH = 500
const DOCUMENT_BATCH_CHARS = 8_000_000
/** Top-level colours for labels the file names without a manifest colour. */
const topColors = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f', '#9333ea', '#0d9488']

interface Summary {
  documents: number
  /** SHA-256 over every line read: the write compares its own, so a file changed in between is caught. */
  digest: string
  paths: Map<string, string[]>
  emails: Set<string>
  shas: Set<string>
}

const pathKey = (p: string[]) => JSON.stringify(p)

/** The first pass: every line is checked; nothing is written. */
async function checkSource(source: CorpusSource, onProgress?: (p: ImportProgress) => void): Promise<Summary> {
  const summary: Summary = { documents: 0, digest: '', paths: new Map(), emails: new Set(), shas: new Set() }
  const hash = createHash('sha256')
  const issues: Issue[] = []
  let more = false
  for await (const item of source.lines()) {
    if (issues.length >= MAX_ISSUES) {
      more = true
      break
    }
    if ('problem' in item) {
      issues.push({ path: item.where, message: item.problem })
      continue
    }
    hash.update(item.raw).update('\n')
    const checked = checkLine(item.raw, item.where)
    if (!checked.ok) {
      issues.push(...checked.issues)
      continue
    }
    const { line } = checked.value
    summary.documents++
    summary.shas.add(line.text_sha256)
    for (const span of line.spans) {
      summary.paths.set(pathKey(span.label_path), span.label_path)
      summary.emails.add(span.annotator.toLowerCase())
      if (span.reviewer) summary.emails.add(span.reviewer.toLowerCase())
    }
    if (summary.documents % 100 === 0) onProgress?.({ phase: 'checking', documents: summary.documents, total: null })
  }
  if (issues.length) {
    const shown = issues.slice(0, MAX_ISSUES)
    const list = shown.map((i) => `${i.path}: ${i.message}`).join('; ')
    throw invalid(`${source.name} cannot be imported; nothing was written. ${list}${more || issues.length > shown.length ? '; … (only the first problems are listed)' : ''}.`, shown, {
      key: 'import.fileHasProblems',
      values: { file: source.name, problems: list },
    })
  }
  if (summary.documents === 0) throw invalid(`${source.name} holds no documents; nothing was imported.`, undefined, { key: 'import.noDocuments', values: { file: source.name } })
  summary.digest = hash.digest('hex')
  onProgress?.({ phase: 'checking', documents: summary.documents, total: summary.documents })
  return summary
}

interface LabelNode {
  id: string
  parentId: string | null
  name: string
  color: string
  shortcut: string | null
  order: number
  en: string
  guideline: string
  keywords: string[]
  archived: boolean
}

/**
 * The project's taxonomy with the labels the import adds: every path of the manifest and of the
 * spans, created along the path where missing, in the manifest's order. A manifest's shortcut that
 * a sibling already uses is dropped; a missing colour is derived from the parent's.
 */
async function planLabels(client: Connection, projectId: string, manifest: ManifestLabel[] | null, paths: Iterable<string[]>) {
  const rows = await client.query<LabelNode>(
    sql`SELECT id, "parentId", name, color, shortcut, "order", en, guideline, keywords, archived FROM "Label" WHERE "projectId" = ${projectId} ORDER BY "order", name`,
  )
  // The existing taxonomy from lib/taxonomy/tree.ts; the maps below then grow with the labels the import adds.
  const tree = new LabelTree(rows)
  const byId = new Map(tree.labels.map((r) => [r.id, r]))
  const children = new Map<string | null, LabelNode[]>([[null, tree.roots()], ...tree.labels.map((r): [string, LabelNode[]] => [r.id, tree.children(r.id)])])
  const byPath = new Map(tree.labels.map((r) => [pathKey(tree.path(r.id)), r]))

  const specs = new Map((manifest ?? []).map((l) => [pathKey(l.path), l]))
  const created: LabelNode[] = []
  const ensure = (full: string[]): LabelNode => {
    let parent = null as LabelNode | null
    for (let depth = 1; depth <= full.length; depth++) {
      const here = full.slice(0, depth)
      let node = byPath.get(pathKey(here))
      if (!node) {
        const spec = specs.get(pathKey(here))
        const parentId: string | null = parent?.id ?? null
        const siblings: LabelNode[] = children.get(parentId) ?? []
        const shortcut = spec?.shortcut && !siblings.some((s) => s.shortcut === spec.shortcut) ? spec.shortcut : null
        node = {
          id: randomUUID(),
          parentId,
          name: here[depth - 1],
          color: spec?.color ?? '',
          shortcut,
          order: siblings.reduce((max, s) => Math.max(max, s.order + 1), 0),
          en: spec?.en ?? '',
          guideline: spec?.guideline ?? '',
          keywords: spec?.keywords ?? [],
          archived: spec?.archived ?? false,
        }
        children.set(parentId, [...siblings, node])
        byId.set(node.id, node)
        byPath.set(pathKey(here), node)
        created.push(node)
      }
      parent = node
    }
    return parent!
  }
  for (const spec of manifest ?? []) ensure(spec.path)
  for (const p of paths) ensure(p)
  // Parents are created before their children, so a parent's colour is final when a child needs it.
  for (const node of created) {
    if (node.color) continue
    const siblings = children.get(node.parentId)!
    const index = siblings.indexOf(node)
    node.color = node.parentId ? childColors(byId.get(node.parentId)!.color, siblings.length)[index] : topColors[index % topColors.length]
  }
  return { created, idOf: (p: string[]) => byPath.get(pathKey(p))?.id }
}

interface DocumentRow {
  id: string
  title: string
  text: string
  sha: string
  length: number
  meta: { province?: string | null; city?: string | null; county?: string | null; level?: string | null; report_year?: number | null; issuer?: string | null; published?: string | null; signed?: string | null; source_url?: string | null }
}

/** A tag as written by the import: the columns of a stored tag, plus where it came from. */
interface TagRow extends Pick<StoredTag, 'id' | 'documentId' | 'labelId' | 'start' | 'end' | 'quote' | 'prefix' | 'suffix' | 'authorId' | 'reviewerId' | 'status' | 'source'> {
  /** Where the span came from, for the history: "train.jsonl line 12", its id there, and the emails given. */
  origin: string
  spanId: string
  annotator: string
  originalReviewer: string | null
}

const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key])

async function insertDocuments(client: Connection, projectId: string, actorId: string, rows: DocumentRow[]) {
  if (rows.length === 0) return
  const meta = <K extends keyof DocumentRow['meta']>(key: K) => rows.map((r) => r.meta[key] ?? null)
  await client.query(
    sql`INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, province, city, county, level, "reportYear", issuer, "publishedOn", "signedOn", "sourceUrl", "importedById")
     SELECT u.id, ${projectId}, u.title, u.text, u.sha, u.length, u.province, u.city, u.county, u.level, u.year, u.issuer, u.published::date, u.signed::date, u.url, ${actorId}
     FROM unnest(${column(rows, 'id')}::text[], ${column(rows, 'title')}::text[], ${column(rows, 'text')}::text[], ${column(rows, 'sha')}::text[], ${column(rows, 'length')}::int[],
                 ${meta('province')}::text[], ${meta('city')}::text[], ${meta('county')}::text[], ${meta('level')}::text[], ${meta('report_year')}::int[], ${meta('issuer')}::text[],
                 ${meta('published')}::text[], ${meta('signed')}::text[], ${meta('source_url')}::text[])
       AS u(id, title, text, sha, length, province, city, county, level, year, issuer, published, signed, url)`,
  )
}

async function insertTags(client: Connection, projectId: string, actorId: string, reason: string, rows: TagRow[]) {
  if (rows.length === 0) return
  // One statement: the tags, and each one's 'created' event (by the importing manager) built from
  // the same rows, so the snapshot in the history is exactly what was stored.
  await client.query(
    sql`WITH u AS (
       SELECT * FROM unnest(${column(rows, 'id')}::text[], ${column(rows, 'documentId')}::text[], ${column(rows, 'labelId')}::text[], ${column(rows, 'start')}::int[], ${column(rows, 'end')}::int[],
                            ${column(rows, 'quote')}::text[], ${column(rows, 'prefix')}::text[], ${column(rows, 'suffix')}::text[], ${column(rows, 'authorId')}::text[], ${column(rows, 'reviewerId')}::text[],
                            ${column(rows, 'status')}::text[], ${column(rows, 'source')}::text[], ${rows.map(() => randomUUID())}::text[], ${column(rows, 'origin')}::text[], ${column(rows, 'spanId')}::text[],
                            ${column(rows, 'annotator')}::text[], ${column(rows, 'originalReviewer')}::text[])
         AS u(id, document, label, s, e, q, p, x, author, reviewer, status, source, event, origin, span, annotator, original_reviewer)
     ), tag AS (
       INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "updatedAt")
       SELECT u.id, ${projectId}, u.document, u.label, u.s, u.e, u.q, u.p, u.x, u.author, u.reviewer, u.status::"TagStatus", u.source::"TagSource", 1, now() FROM u
     )
     INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after, reason)
     SELECT u.event, u.id, ${actorId}, 'created',
            jsonb_build_object('labelId', u.label, 'start', u.s, 'end', u.e, 'quote', u.q, 'status', u.status, 'source', u.source,
              'imported', jsonb_build_object('from', u.origin, 'id', u.span, 'annotator', u.annotator, 'reviewer', u.original_reviewer)),
            ${reason}
     FROM u`,
  )
}

/** The file changed between the check and the write (it is read twice): stop and roll back. */
const changedUnderfoot = (where: string, message: string) => invalid(`${where}: ${message}. The file changed while it was being imported; nothing was written.`, undefined, { key: 'import.changedUnderfoot', values: { where } })

async function writeImport(actor: Actor, input: ImportInput, summary: Summary, started: number): Promise<ImportResult> {
  const { projectId, source } = input
  const client = await connect()
  try {
    await client.query(sql`BEGIN`)
    // Imports into one project run one after another, so "already present" stays true until commit.
    await client.query(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tagbench:import:${projectId}`}, 0))`)

    const emails = [...summary.emails]
    // Members of this project only: matching any account would tell the manager which e-mails have
    // accounts on the instance (issue #17, hole 7); a non-member reads like an unknown e-mail.
    const people = await client.query<{ id: string; email: string }>(
      sql`SELECT u.id, lower(u.email) AS email
       FROM "User" u JOIN "Membership" m ON m."userId" = u.id AND m."projectId" = ${projectId}
       WHERE lower(u.email) = ANY(${emails}::text[])`,
    )
    const userOf = new Map(people.map((p) => [p.email, p.id]))

    const labels = await planLabels(client, projectId, source.taxonomy, summary.paths.values())
    if (labels.created.length) {
      const l = labels.created
      await client.query(
        sql`INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, keywords, "order", archived)
         SELECT u.id, ${projectId}, u.parent, u.name, u.en, u.color, u.shortcut, u.guideline, ARRAY(SELECT jsonb_array_elements_text(u.keywords::jsonb)), u.ord, u.archived
         FROM unnest(${column(l, 'id')}::text[], ${column(l, 'parentId')}::text[], ${column(l, 'name')}::text[], ${column(l, 'en')}::text[], ${column(l, 'color')}::text[],
                     ${column(l, 'shortcut')}::text[], ${column(l, 'guideline')}::text[], ${l.map((x) => JSON.stringify(x.keywords))}::text[], ${column(l, 'order')}::int[], ${column(l, 'archived')}::bool[])
           AS u(id, parent, name, en, color, shortcut, guideline, keywords, ord, archived)`,
      )
    }
    const versionRows = await client.query<{ taxonomyVersion: number }>(
      labels.created.length
        ? sql`UPDATE "Project" SET "taxonomyVersion" = "taxonomyVersion" + 1 WHERE id = ${projectId} RETURNING "taxonomyVersion"`
        : sql`SELECT "taxonomyVersion" FROM "Project" WHERE id = ${projectId}`,
    )
    if (!versionRows[0]) throw invalid('The project no longer exists; nothing was imported.', undefined, { key: 'import.projectGone' })

    const existing = await client.query<{ id: string; textSha256: string }>(
      sql`SELECT id, "textSha256" FROM "Document" WHERE "projectId" = ${projectId} AND "textSha256" = ANY(${[...summary.shas]}::text[])`,
    )
    const documentOf = new Map(existing.map((d) => [d.textSha256, d.id]))
    // Spans already in the project, by (document, start, end, label, author): importing twice adds nothing.
    const present = new Set<string>()
    const spanKey = (documentId: string, start: number, end: number, labelId: string, authorId: string) => `${documentId} ${start} ${end} ${labelId} ${authorId}`
    if (existing.length) {
      const tags = await client.query<{ documentId: string; start: number; end: number; labelId: string; authorId: string }>(
        sql`SELECT "documentId", start, "end", "labelId", "authorId" FROM "Tag" WHERE "documentId" = ANY(${existing.map((d) => d.id)}::text[]) AND "deletedAt" IS NULL`,
      )
      for (const t of tags) present.add(spanKey(t.documentId, t.start, t.end, t.labelId, t.authorId))
    }

    const counts = { documentsCreated: 0, documentsReused: 0, tagsCreated: 0, tagsSkipped: 0 }
    const reason = `imported from ${source.name}`
    let documents: DocumentRow[] = []
    let documentChars = 0
    let tags: TagRow[] = []
    // A batch is written while the next one is read and checked: the database and the parsing overlap.
    let writing: Promise<void> = Promise.resolve()
    const flush = async () => {
      await writing
      const [batchDocuments, batchTags] = [documents, tags]
      documents = []
      documentChars = 0
      tags = []
      // Documents first: the tags of this batch refer to them.
      writing = insertDocuments(client, projectId, actor.id, batchDocuments).then(() => insertTags(client, projectId, actor.id, reason, batchTags))
      // Seen by the next flush's await; this only keeps an early failure from counting as unhandled.
      writing.catch(() => undefined)
    }

    let done = 0
    const createdIds: string[] = []
    const hash = createHash('sha256')
    for await (const item of source.lines()) {
      if ('problem' in item) throw changedUnderfoot(item.where, item.problem)
      hash.update(item.raw).update('\n')
      const checked = checkLine(item.raw, item.where)
      if (!checked.ok) throw changedUnderfoot(checked.issues[0].path, checked.issues[0].message)
      const { line, chars } = checked.value
      let documentId = documentOf.get(line.text_sha256)
      if (documentId) counts.documentsReused++
      else {
        documentId = randomUUID()
        documentOf.set(line.text_sha256, documentId)
        createdIds.push(documentId)
        documents.push({ id: documentId, title: line.title, text: line.text, sha: line.text_sha256, length: chars.length, meta: line.meta })
        documentChars += line.text.length
        counts.documentsCreated++
      }
      for (const [i, span] of line.spans.entries()) {
        const labelId = labels.idOf(span.label_path)
        if (!labelId) throw changedUnderfoot(`${item.where}: spans.${i}.label_path`, 'names a label the file did not name when it was checked')
        const authorId = userOf.get(span.annotator.toLowerCase()) ?? actor.id
        const reviewerId = span.reviewer ? (userOf.get(span.reviewer.toLowerCase()) ?? null) : null
        const key = spanKey(documentId, span.start, span.end, labelId, authorId)
        if (present.has(key)) {
          counts.tagsSkipped++
          continue
        }
        present.add(key)
        tags.push({
          id: randomUUID(),
          documentId,
          labelId,
          start: span.start,
          end: span.end,
          quote: span.text,
          prefix: chars.slice(Math.max(span.start - CONTEXT_LENGTH, 0), span.start).join(''),
          suffix: chars.slice(span.end, span.end + CONTEXT_LENGTH).join(''),
          authorId,
          reviewerId,
          status: span.status,
          source: span.source,
          origin: item.where,
          spanId: span.id,
          annotator: span.annotator,
          originalReviewer: span.reviewer,
        })
        counts.tagsCreated++
      }
      done++
      if (tags.length >= TAG_BATCH || documents.length >= DOCUMENT_BATCH || documentChars >= DOCUMENT_BATCH_CHARS) {
        await flush()
        input.onProgress?.({ phase: 'writing', documents: done, total: summary.documents })
      }
    }
    await flush()
    await writing
    if (hash.digest('hex') !== summary.digest) throw changedUnderfoot(source.name, `is not what was checked (${done} documents now, ${summary.documents} then)`)
    await client.query(sql`COMMIT`)
    input.onProgress?.({ phase: 'writing', documents: done, total: summary.documents })
    input.onCommitted?.(createdIds)

    const unmatched = emails.filter((e) => !userOf.has(e)).sort()
    return {
      file: source.name,
      documents: { created: counts.documentsCreated, reused: counts.documentsReused },
      tags: { created: counts.tagsCreated, skipped: counts.tagsSkipped },
      labels: { created: labels.created.length },
      users: {
        matched: people.length,
        unmatched: unmatched.length,
        unmatchedEmails: unmatched.slice(0, LIST_LIMIT),
      },
      taxonomyVersion: versionRows[0].taxonomyVersion,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }
  } catch (error) {
    await client.query(sql`ROLLBACK`).catch(() => undefined)
    // A unique index refused a row another request wrote a moment ago (a label, or a document's text).
    if ((error as { code?: string }).code === '23505') {
      throw conflict('Someone changed this project while the import ran (a label or a document with the same text was just added); nothing was written. Import the file again.', undefined, {
        key: 'import.projectChanged',
      })
    }
    throw error
  } finally {
    client.release()
  }
}

/** Imports a jsonl export (see the file comment). Managers only. */
export async function importCorpus(actor: Actor, input: ImportInput): Promise<ImportResult> {
  authorizeProject(actor, input.projectId, 'document.import')
  const started = Date.now()
  const summary = await checkSource(input.source, input.onProgress)
  return writeImport(actor, input, summary, started)
}

/** The API's import: the request body is saved to a temporary file (it is read twice), then imported. */
export async function importUpload(
  actor: Actor,
  input: { projectId: string; body: ReadableStream<Uint8Array> | null; contentLength: string | null; fileName?: string; onCommitted?: ImportInput['onCommitted'] },
) {
  // Checked before the upload is read: nobody without the right sends 200 MB for nothing.
  authorizeProject(actor, input.projectId, 'document.import')
  const folder = await newUploadFolder()
  try {
    const file = path.join(folder, 'upload')
    await saveUpload(input.body, input.contentLength, file)
    const source = await openCorpus(file, input.fileName ?? 'the uploaded file')
    try {
      return await importCorpus(actor, { projectId: input.projectId, source, onCommitted: input.onCommitted })
    } finally {
      await source.close()
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
