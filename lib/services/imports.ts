// Imports Tagbench's own jsonl export into a project: documents, missing labels, and tags with
// their statuses, sources, authors and reviewers. Two passes over the file: the first checks every
// line (schema, SHA-256, each span against the text in code points) and writes nothing; the second
// writes everything in one transaction with multi-row INSERTs, so a failure leaves no trace.
//
// People are matched by email. A matched user becomes the tag's author (or reviewer) whether or not
// they are a member of the project: an import moves data, not rights, so nobody gains access to a
// project through a file; the result lists matched non-members for the manager to add. An email
// with no user here makes the importing manager the author (and leaves the reviewer empty); the
// original emails stay in the tag's 'created' event.
import { createHash, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { PoolClient } from 'pg'
import type { Actor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { pgPool } from '../db/pg-pool'
import { conflict, invalid } from '../errors'
import { checkLine, type Issue, type ManifestLabel } from '../import/corpus-jsonl'
import { openCorpus, type CorpusSource } from '../import/sources'
import { saveUpload } from '../import/upload'
import type { ImportResult } from '../schemas/imports'
import { childColors } from '../taxonomy/colors'
import { CONTEXT_LENGTH, type TagRow as StoredTag } from './tags'

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
async function planLabels(client: PoolClient, projectId: string, manifest: ManifestLabel[] | null, paths: Iterable<string[]>) {
  const { rows } = await client.query<LabelNode>(
    `SELECT id, "parentId", name, color, shortcut, "order", en, guideline, keywords, archived FROM "Label" WHERE "projectId" = $1 ORDER BY "order", name`,
    [projectId],
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  const children = new Map<string | null, LabelNode[]>()
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r])
  const byPath = new Map<string, LabelNode>()
  const pathOf = (node: LabelNode): string[] => (node.parentId && byId.has(node.parentId) ? [...pathOf(byId.get(node.parentId)!), node.name] : [node.name])
  for (const r of rows) byPath.set(pathKey(pathOf(r)), r)

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

async function insertDocuments(client: PoolClient, projectId: string, actorId: string, rows: DocumentRow[]) {
  if (rows.length === 0) return
  const meta = <K extends keyof DocumentRow['meta']>(key: K) => rows.map((r) => r.meta[key] ?? null)
  await client.query(
    `INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, province, city, county, level, "reportYear", issuer, "publishedOn", "signedOn", "sourceUrl", "importedById")
     SELECT u.id, $1, u.title, u.text, u.sha, u.length, u.province, u.city, u.county, u.level, u.year, u.issuer, u.published::date, u.signed::date, u.url, $2
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
       AS u(id, title, text, sha, length, province, city, county, level, year, issuer, published, signed, url)`,
    [
      projectId,
      actorId,
      column(rows, 'id'),
      column(rows, 'title'),
      column(rows, 'text'),
      column(rows, 'sha'),
      column(rows, 'length'),
      meta('province'),
      meta('city'),
      meta('county'),
      meta('level'),
      meta('report_year'),
      meta('issuer'),
      meta('published'),
      meta('signed'),
      meta('source_url'),
    ],
  )
}

async function insertTags(client: PoolClient, projectId: string, actorId: string, reason: string, rows: TagRow[]) {
  if (rows.length === 0) return
  // One statement: the tags, and each one's 'created' event (by the importing manager) built from
  // the same rows, so the snapshot in the history is exactly what was stored.
  await client.query(
    `WITH u AS (
       SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                            $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
         AS u(id, document, label, s, e, q, p, x, author, reviewer, status, source, event, origin, span, annotator, original_reviewer)
     ), tag AS (
       INSERT INTO "Tag" (id, "projectId", "documentId", "labelId", start, "end", quote, prefix, suffix, "authorId", "reviewerId", status, source, version, "updatedAt")
       SELECT u.id, $1, u.document, u.label, u.s, u.e, u.q, u.p, u.x, u.author, u.reviewer, u.status::"TagStatus", u.source::"TagSource", 1, now() FROM u
     )
     INSERT INTO "TagEvent" (id, "tagId", "actorId", action, after, reason)
     SELECT u.event, u.id, $2, 'created',
            jsonb_build_object('labelId', u.label, 'start', u.s, 'end', u.e, 'quote', u.q, 'status', u.status, 'source', u.source,
              'imported', jsonb_build_object('from', u.origin, 'id', u.span, 'annotator', u.annotator, 'reviewer', u.original_reviewer)),
            $3
     FROM u`,
    [
      projectId,
      actorId,
      reason,
      column(rows, 'id'),
      column(rows, 'documentId'),
      column(rows, 'labelId'),
      column(rows, 'start'),
      column(rows, 'end'),
      column(rows, 'quote'),
      column(rows, 'prefix'),
      column(rows, 'suffix'),
      column(rows, 'authorId'),
      column(rows, 'reviewerId'),
      column(rows, 'status'),
      column(rows, 'source'),
      rows.map(() => randomUUID()),
      column(rows, 'origin'),
      column(rows, 'spanId'),
      column(rows, 'annotator'),
      column(rows, 'originalReviewer'),
    ],
  )
}

/** The file changed between the check and the write (it is read twice): stop and roll back. */
const changedUnderfoot = (where: string, message: string) => invalid(`${where}: ${message}. The file changed while it was being imported; nothing was written.`, undefined, { key: 'import.changedUnderfoot', values: { where } })

async function writeImport(actor: Actor, input: ImportInput, summary: Summary, started: number): Promise<ImportResult> {
  const { projectId, source } = input
  const client = await pgPool().connect()
  try {
    await client.query('BEGIN')
    // Imports into one project run one after another, so "already present" stays true until commit.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`tagbench:import:${projectId}`])

    const emails = [...summary.emails]
    const { rows: people } = await client.query<{ id: string; email: string; member: boolean }>(
      `SELECT u.id, lower(u.email) AS email, EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id AND m."projectId" = $2) AS member
       FROM "User" u WHERE lower(u.email) = ANY($1::text[])`,
      [emails, projectId],
    )
    const userOf = new Map(people.map((p) => [p.email, p.id]))

    const labels = await planLabels(client, projectId, source.taxonomy, summary.paths.values())
    if (labels.created.length) {
      const l = labels.created
      await client.query(
        `INSERT INTO "Label" (id, "projectId", "parentId", name, en, color, shortcut, guideline, keywords, "order", archived)
         SELECT u.id, $1, u.parent, u.name, u.en, u.color, u.shortcut, u.guideline, ARRAY(SELECT jsonb_array_elements_text(u.keywords::jsonb)), u.ord, u.archived
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::bool[])
           AS u(id, parent, name, en, color, shortcut, guideline, keywords, ord, archived)`,
        [
          projectId,
          column(l, 'id'),
          column(l, 'parentId'),
          column(l, 'name'),
          column(l, 'en'),
          column(l, 'color'),
          column(l, 'shortcut'),
          column(l, 'guideline'),
          l.map((x) => JSON.stringify(x.keywords)),
          column(l, 'order'),
          column(l, 'archived'),
        ],
      )
    }
    const { rows: versionRows } = await client.query<{ taxonomyVersion: number }>(
      labels.created.length
        ? `UPDATE "Project" SET "taxonomyVersion" = "taxonomyVersion" + 1 WHERE id = $1 RETURNING "taxonomyVersion"`
        : `SELECT "taxonomyVersion" FROM "Project" WHERE id = $1`,
      [projectId],
    )
    if (!versionRows[0]) throw invalid('The project no longer exists; nothing was imported.', undefined, { key: 'import.projectGone' })

    const { rows: existing } = await client.query<{ id: string; textSha256: string }>(
      `SELECT id, "textSha256" FROM "Document" WHERE "projectId" = $1 AND "textSha256" = ANY($2::text[])`,
      [projectId, [...summary.shas]],
    )
    const documentOf = new Map(existing.map((d) => [d.textSha256, d.id]))
    // Spans already in the project, by (document, start, end, label, author): importing twice adds nothing.
    const present = new Set<string>()
    const spanKey = (documentId: string, start: number, end: number, labelId: string, authorId: string) => `${documentId} ${start} ${end} ${labelId} ${authorId}`
    if (existing.length) {
      const { rows: tags } = await client.query<{ documentId: string; start: number; end: number; labelId: string; authorId: string }>(
        `SELECT "documentId", start, "end", "labelId", "authorId" FROM "Tag" WHERE "documentId" = ANY($1::text[]) AND "deletedAt" IS NULL`,
        [existing.map((d) => d.id)],
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
    await client.query('COMMIT')
    input.onProgress?.({ phase: 'writing', documents: done, total: summary.documents })

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
        notMembers: people.filter((p) => !p.member).map((p) => p.email).sort().slice(0, LIST_LIMIT),
      },
      taxonomyVersion: versionRows[0].taxonomyVersion,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
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
export async function importUpload(actor: Actor, input: { projectId: string; body: ReadableStream<Uint8Array> | null; contentLength: string | null; fileName?: string }) {
  // Checked before the upload is read: nobody without the right sends 200 MB for nothing.
  authorizeProject(actor, input.projectId, 'document.import')
  const folder = await mkdtemp(path.join(tmpdir(), 'tagbench-import-'))
  try {
    const file = path.join(folder, 'upload')
    await saveUpload(input.body, input.contentLength, file)
    const source = await openCorpus(file, input.fileName ?? 'the uploaded file')
    try {
      return await importCorpus(actor, { projectId: input.projectId, source })
    } finally {
      await source.close()
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
