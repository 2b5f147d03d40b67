// Writes one export: reads the selected documents and tags in a single REPEATABLE READ snapshot
// through a server-side cursor, hands each document to the format's writer and streams the text
// into the sink (zip or folder), with spans.csv from the same rows; then adds the dataset card and
// manifest.json. Memory holds one batch of documents at a time, whatever the size of the project.
import { stringify } from 'csv-stringify/sync'
import { appVersion } from '../config/version'
import { sql, type Connection } from '../db/sql'
import type { ExportRequest } from '../schemas/exports'
import { computeAgreement, type AgreementDocument, type AgreementReport } from '../review/agreement'
import { datasetCard } from './card'
import { curatedDocument, goldLayerSpans, goldSpansJson } from './gold'
import { formats } from './formats'
import { labelStudioConfig } from './formats/label-studio'
import { mergeReports } from './reports'
import { documentConditions, documentOrder, projectUsers, resolveSelection, tagConditions, type Selection, type SelectionDescription } from './selection'
import type { ExportSink, WrittenFile } from './sinks'
import { assignParts, splitMethod } from './split'
import { loadTaxonomyAsOfVersion } from '../taxonomy/as-of-version'
import { loadTaxonomy, loadTaxonomyChanges, pathString, type Taxonomy, type TaxonomyChange, taxonomyOf } from './taxonomy'
import type { ExportDocument, ExportLayer, ExportSpan, FormatReport, SplitPart } from './types'

/** Documents fetched per round trip: large enough to keep the pipe full, small enough for flat memory. */
const BATCH = 50
/** spans.csv rows fetched per round trip. */
const SPAN_BATCH = 2000

export interface ExportHooks {
  /** The number of documents the export holds, known once the snapshot is read. */
  onStart?(total: number): void | Promise<void>
  onProgress?(done: number, total: number): void | Promise<void>
  /** The first byte of data was handed to the sink. */
  onFirstByte?(): void
}

export interface ExportRun extends ExportHooks {
  /** A dedicated connection (withConnection, lib/db/sql.ts): the export opens a transaction on it. */
  client: Connection
  projectId: string
  request: ExportRequest
  sink: ExportSink
  exportId?: string | null
  createdBy?: { name: string; email: string } | null
}

export interface ManifestFile extends WrittenFile {
  records?: number
  part?: SplitPart
}

export type Manifest = ReturnType<typeof buildManifest>

interface DocumentRow {
  id: string
  title: string
  text: string
  textSha256: string
  province: string | null
  city: string | null
  county: string | null
  level: string | null
  reportYear: number | null
  issuer: string | null
  published: string | null
  signed: string | null
  sourceUrl: string | null
  spans: [string, number, number, string, string, string, string, string | null, string][]
}

const documentColumns = sql.raw(`d.id, d.title, d.text, d."textSha256", d.province, d.city, d.county, d.level, d."reportYear", d.issuer,
  to_char(d."publishedOn", 'YYYY-MM-DD') AS published, to_char(d."signedOn", 'YYYY-MM-DD') AS signed, d."sourceUrl"`)

export async function runExport(run: ExportRun): Promise<Manifest> {
  const { client } = run
  await client.query(sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`)
  try {
    const manifest = await writeExport(run)
    await client.query(sql`COMMIT`)
    return manifest
  } catch (error) {
    await client.query(sql`ROLLBACK`).catch(() => undefined)
    throw error
  }
}

async function writeExport(run: ExportRun) {
  const { client, request, sink } = run
  const format = formats[request.format]
  const [project] = await client.query<{ id: string; name: string; description: string; taxonomyVersion: number }>(
    sql`SELECT id, name, description, "taxonomyVersion" FROM "Project" WHERE id = ${run.projectId}`,
  )
  if (!project) throw new Error(`Project ${run.projectId} does not exist.`)
  // Filters name labels as they are now; the files write them as of the asked taxonomy version.
  const taxonomy = await loadTaxonomy(client, project.id)
  const labels = await labelsAsWritten(client, project, request.taxonomyVersion, taxonomy)
  const written = labels.taxonomy
  const users = await projectUsers(client, project.id)
  const emailOf = new Map(users.map((u) => [u.id, u.email]))
  const resolved = resolveSelection(project.id, request, taxonomy, users)
  const selection: Selection = { ...resolved.selection, layer: request.layer }
  const { description } = resolved
  const gold = request.layer === 'gold'

  const documents = await client.query<{ id: string; textSha256: string; curated: boolean }>(
    sql`SELECT d.id, d."textSha256", ${gold ? curatedDocument('d') : sql`false`} AS curated FROM "Document" d WHERE ${documentConditions(selection)} ORDER BY ${documentOrder()}`,
  )
  const total = documents.length
  await run.onStart?.(total)

  const partOf = request.split ? assignParts(documents, request.split) : null
  const parts: (SplitPart | null)[] = partOf ? ['train', 'dev', 'test'] : [null]
  const context = { topLabels: written.topLabels, conllLayers: request.conllLayers }
  const files: ManifestFile[] = []
  const reports: FormatReport[] = []
  const partCounts: Partial<Record<SplitPart, { documents: number; spans: number }>> = {}
  const perLabel: Record<string, Record<string, number>> = {}
  const perStatus: Record<string, number> = {}
  let done = 0
  let spanCount = 0
  let firstByte = false

  const toSpan = (row: DocumentRow['spans'][number]): ExportSpan | null => {
    const [id, start, end, text, labelId, status, authorId, reviewerId, source] = row
    const path = labels.pathOf(id, labelId)
    if (!path) {
      labels.leftOut++
      return null
    }
    const label = pathString(path)
    perLabel[label] ??= {}
    perLabel[label][status] = (perLabel[label][status] ?? 0) + 1
    perStatus[status] = (perStatus[status] ?? 0) + 1
    return { id, start, end, text, label, label_path: path, status, annotator: emailOf.get(authorId) ?? authorId, reviewer: reviewerId ? (emailOf.get(reviewerId) ?? reviewerId) : null, source }
  }

  // Performance: without a split, spans.csv is written in the same pass as the data file, from the
  // same rows (same documents, same tags, same order), instead of a second query over every tag
  // joined to its document. The sink keeps it aside (a spool file beside the zip) until the data
  // file is complete, so the output is byte for byte what the second query would write. With a
  // split the data files go part by part but spans.csv is in document order, so it keeps its query.
  const spansEntry = !partOf && sink.deferred ? sink.deferred('spans.csv') : null
  let spansRecords = 0
  if (spansEntry) await spansEntry.write(stringify([spansCsvHeader(false)], { bom: true }))

  for (const part of parts) {
    const ids = partOf ? documents.filter((d) => partOf.get(d.id) === part).map((d) => d.id) : documents.map((d) => d.id)
    const entry = sink.entry(format.fileName(part))
    const writer = format.createWriter(context)
    let partSpans = 0
    await entry.write(writer.head())
    const tagSpans = sql`(SELECT coalesce(json_agg(json_build_array(t.id, t.start, t."end", t.quote, t."labelId", t.status, t."authorId", t."reviewerId", t.source)
                   ORDER BY t.start, t."end", t.id), '[]'::json)
            FROM "Tag" t WHERE t."documentId" = d.id AND ${tagConditions(selection)})`
    await client.query(
      sql`DECLARE export_documents NO SCROLL CURSOR FOR
       SELECT ${documentColumns},
         ${gold ? sql`CASE WHEN ${curatedDocument('d')} THEN ${goldSpansJson(selection)} ELSE ${tagSpans} END` : tagSpans} AS spans
       FROM "Document" d WHERE d.id = ANY(${ids}::text[]) ORDER BY ${documentOrder()}`,
    )
    // Performance: the next FETCH is sent before this batch is turned into text, so Postgres reads
    // and aggregates batch n + 1 while Node writes batch n (two cores busy instead of taking turns).
    const fetchDocuments = () => prefetch(client.query<DocumentRow>(sql.raw(`FETCH ${BATCH} FROM export_documents`)))
    let next = fetchDocuments()
    for (;;) {
      const rows = await next
      if (rows.length === 0) break
      next = fetchDocuments()
      let chunk = ''
      const spanLines: unknown[][] = []
      for (const row of rows) {
        if (spansEntry) for (const tag of row.spans) spanLines.push(...spanCsvLine(row, tag, labels.pathOf, emailOf))
        const doc: ExportDocument = {
          id: row.id,
          title: row.title,
          text: row.text,
          text_sha256: row.textSha256,
          meta: {
            province: row.province,
            city: row.city,
            county: row.county,
            level: row.level,
            report_year: row.reportYear,
            issuer: row.issuer,
            published: row.published,
            signed: row.signed,
            source_url: row.sourceUrl,
          },
          spans: row.spans.flatMap((tag) => toSpan(tag) ?? []),
        }
        partSpans += doc.spans.length
        chunk += writer.document(doc)
      }
      await entry.write(chunk)
      if (spansEntry) {
        await spansEntry.write(csvRecords(spanLines))
        spansRecords += spanLines.length
      }
      if (!firstByte) {
        firstByte = true
        run.onFirstByte?.()
      }
      done += rows.length
      await run.onProgress?.(done, total)
    }
    await client.query(sql`CLOSE export_documents`)
    await entry.write(writer.tail())
    files.push({ ...(await entry.end()), records: writer.records(), ...(part ? { part } : {}) })
    reports.push(writer.report())
    spanCount += partSpans
    if (part) partCounts[part] = { documents: ids.length, spans: partSpans }
  }

  files.push(spansEntry ? { ...(await spansEntry.end()), records: spansRecords } : await writeSpansCsv(run, selection, partOf, labels.pathOf, emailOf))
  if (request.format === 'label-studio') {
    const config = sink.entry('label-studio-config.xml')
    await config.write(labelStudioConfig(written.labels.filter((l) => !l.archived || perLabel[pathString(l.path)]).map((l) => ({ path: pathString(l.path), color: l.color }))))
    files.push(await config.end())
  }
  const agreement = await agreementOnSelection(client, selection, labels.pathOf)

  const taxonomyChanges = await loadTaxonomyChanges(client, project.id, taxonomy)
  const manifestBody = buildManifest({
    run,
    project,
    taxonomy: written,
    asOf: labels.asOfVersion === null ? null : { version: labels.asOfVersion, leftOut: labels.leftOut },
    taxonomyChanges,
    description,
    files,
    formatReport: mergeReports(reports),
    counts: { documents: total, spans: spanCount, per_label: perLabel, per_status: perStatus },
    split: request.split ? { ratios: request.split.ratios, seed: request.split.seed, method: splitMethod, parts: partCounts } : null,
    agreement,
    layer: layerSummary(request.layer, documents),
  })
  const card = sink.entry('README.md')
  await card.write(datasetCard(manifestBody))
  const cardFile = await card.end()
  const manifest = { ...manifestBody, files: [...manifestBody.files, cardFile] }
  const manifestEntry = sink.entry('manifest.json')
  await manifestEntry.write(JSON.stringify(manifest, null, 2) + '\n')
  await manifestEntry.end()
  await sink.close()
  return manifest
}

/** Which tags the export holds, for the manifest and the dataset card. */
function layerSummary(layer: ExportLayer, documents: { curated: boolean }[]) {
  if (layer === 'tags') return { chosen: 'tags' as const, description: "the annotators' tags of the selected statuses", curated_documents: null, other_documents: null }
  const curated = documents.filter((d) => d.curated).length
  return {
    chosen: 'gold' as const,
    description:
      "gold (curated) tags: a curated document (every curation row decided) is written with its gold tags, one version per passage (status \"gold\", annotator: the curator, source \"curation\"); a document not curated, or curated only in part, is written with its annotators' tags of the selected statuses",
    curated_documents: curated,
    other_documents: documents.length - curated,
  }
}

function buildManifest(input: {
  run: ExportRun
  project: { id: string; name: string; description: string; taxonomyVersion: number }
  taxonomy: Taxonomy
  asOf: { version: number; leftOut: number } | null
  taxonomyChanges: TaxonomyChange[]
  description: SelectionDescription
  files: ManifestFile[]
  formatReport: FormatReport
  counts: { documents: number; spans: number; per_label: Record<string, Record<string, number>>; per_status: Record<string, number> }
  split: { ratios: number[]; seed: number; method: string; parts: Partial<Record<SplitPart, { documents: number; spans: number }>> } | null
  agreement: AgreementSummary | null
  layer: ReturnType<typeof layerSummary>
}) {
  const { run, project, taxonomy } = input
  const format = formats[run.request.format]
  return {
    tagbench_export: 1,
    id: run.exportId ?? null,
    project: { id: project.id, name: project.name, description: project.description },
    format: format.name,
    format_description: format.describe,
    offset_unit: 'codepoint' as const,
    offsets: 'start and end count Unicode code points, end exclusive: in Python text[start:end] == span text',
    tool: { name: 'tagbench', version: appVersion },
    created_at: new Date().toISOString(),
    created_by: run.createdBy ?? null,
    filters: input.description,
    layer: input.layer,
    options: run.request.format === 'conll' ? { conll_layers: run.request.conllLayers } : {},
    split: input.split,
    taxonomy: {
      // The version the labels and paths below are written as of: the project's current one unless the export asked for an earlier one.
      version: input.asOf?.version ?? project.taxonomyVersion,
      current_version: project.taxonomyVersion,
      as_of_version: input.asOf
        ? {
            version: input.asOf.version,
            description: `labels, paths and each tag's label as they were at taxonomy version ${input.asOf.version} (the project is at version ${project.taxonomyVersion}); merges and splits made later are taken back, and tags on labels made later are left out (tags_left_out); the changes after it are the ones in "changes" with a higher version`,
            tags_left_out: input.asOf.leftOut,
          }
        : null,
      labels: taxonomy.labels.map((l) => ({
        id: l.id,
        path: l.path,
        name: l.name,
        en: l.en,
        color: l.color,
        shortcut: l.shortcut,
        guideline: l.guideline,
        guideline_zh: l.guidelineZh,
        keywords: l.keywords,
        archived: l.archived,
        // A merged label's tags are under this path now (issue 13).
        merged_into: l.aliasOfId ? (taxonomy.byId.get(l.aliasOfId)?.path ?? null) : null,
      })),
      // Every change since the taxonomy was set up (version, action, label, before/after), so that a dataset's users see what moved.
      changes: input.taxonomyChanges,
    },
    counts: input.counts,
    format_report: input.formatReport,
    agreement: input.agreement,
    files: input.files,
  }
}

// spans.csv: a flat table for spreadsheet readers, one line per span in document order; cells a
// spreadsheet would run as a formula are escaped.
function spansCsvHeader(split: boolean): string[] {
  const header = ['doc_id', 'title', 'province', 'city', 'county', 'report_year', 'issuer', 'span_id', 'start', 'end', 'label', 'text', 'status', 'annotator', 'reviewer', 'source']
  if (split) header.unshift('split')
  return header
}

interface SpanCsvDocument {
  title: string
  province: string | null
  city: string | null
  county: string | null
  reportYear: number | null
  issuer: string | null
}

type SpanCsvTag = [id: string, start: number, end: number, quote: string, labelId: string, status: string, authorId: string, reviewerId: string | null, source: string]

/** The line of a tag (none, when its label did not exist at the export's taxonomy version). */
function spanCsvLine(doc: SpanCsvDocument & { id: string }, tag: SpanCsvTag, pathOf: PathOf, users: Map<string, string>): unknown[][] {
  const [id, start, end, quote, labelId, status, authorId, reviewerId, source] = tag
  const path = pathOf(id, labelId)
  if (!path) return []
  return [[doc.id, doc.title, doc.province, doc.city, doc.county, doc.reportYear, doc.issuer, id, start, end, pathString(path), quote, status, users.get(authorId) ?? authorId, reviewerId ? (users.get(reviewerId) ?? reviewerId) : '', source]]
}

/** spans.csv from its own query: with a split (see writeExport), or with a sink that cannot hold an entry aside. */
async function writeSpansCsv(run: ExportRun, selection: Selection, partOf: Map<string, SplitPart> | null, pathOf: PathOf, users: Map<string, string>): Promise<ManifestFile> {
  const { client, sink } = run
  const entry = sink.entry('spans.csv')
  await entry.write(stringify([spansCsvHeader(partOf !== null)], { bom: true }))
  await client.query(
    sql`DECLARE export_spans NO SCROLL CURSOR FOR
     SELECT d.id AS "documentId", d.title, d.province, d.city, d.county, d."reportYear", d.issuer,
            t.id, t.start, t."end", t."labelId", t.quote, t.status, t."authorId", t."reviewerId", t.source
     FROM "Document" d JOIN ${selection.layer === 'gold' ? sql`(${goldLayerSpans(selection, tagConditions(selection))})` : sql`"Tag"`} t ON t."documentId" = d.id
     WHERE ${documentConditions(selection)} AND ${selection.layer === 'gold' ? sql`true` : tagConditions(selection)}
     ORDER BY ${documentOrder()}, t.start, t."end", t.id`,
  )
  let records = 0
  // Performance: as for the documents, the next FETCH is on its way while this batch is written.
  const fetchSpans = () => prefetch(client.query<SpanCsvDocument & { documentId: string; id: string; start: number; end: number; labelId: string; quote: string; status: string; authorId: string; reviewerId: string | null; source: string }>(sql.raw(`FETCH ${SPAN_BATCH} FROM export_spans`)))
  let next = fetchSpans()
  for (;;) {
    const rows = await next
    if (rows.length === 0) break
    next = fetchSpans()
    const lines = rows.flatMap((r) => {
      const line = spanCsvLine({ ...r, id: r.documentId }, [r.id, r.start, r.end, r.quote, r.labelId, r.status, r.authorId, r.reviewerId, r.source], pathOf, users)
      if (partOf) for (const l of line) l.unshift(partOf.get(r.documentId))
      return line
    })
    records += lines.length
    await entry.write(csvRecords(lines))
  }
  await client.query(sql`CLOSE export_spans`)
  return { ...(await entry.end()), records }
}

/**
 * A query sent ahead of the moment its rows are needed. If the export fails before awaiting it,
 * its rejection must not surface as an unhandled one (which would end the process): the error that
 * stopped the export is the one reported, and ROLLBACK follows on the same connection.
 */
function prefetch<T>(query: Promise<T>): Promise<T> {
  query.catch(() => undefined)
  return query
}

const FORMULA_START = new Set(['=', '+', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])
const NEEDS_QUOTES = /[",\n\r]/

/**
 * Exactly what csv-stringify 6 writes for `stringify(records, { escape_formulas: true })`, without
 * its per-field option handling, which took a second or two for 100,000 spans. Strings, numbers,
 * null and undefined are written here (all that spans.csv holds); a record with any other value
 * goes through csv-stringify itself. The rules, from csv-stringify's lib/api/index.js: null,
 * undefined and "" are empty; a number is String(n); a string is quoted when it holds a quote, a
 * comma, \n or \r, with quotes doubled; a string starting with = + - @ tab CR or their full-width
 * forms gets a leading ' (a number starting with - does not); records end with \n.
 */
export function csvRecords(records: unknown[][]): string {
  let out = ''
  for (let r = 0; r < records.length; r++) {
    const record = records[r]
    let line = ''
    for (let i = 0; i < record.length; i++) {
      const field = record[i]
      let cell: string
      if (field === null || field === undefined || field === '') cell = ''
      else if (typeof field === 'number') cell = String(field)
      else if (typeof field === 'string') {
        cell = field
        const quoted = NEEDS_QUOTES.test(cell)
        if (cell[0] === '-' || FORMULA_START.has(cell[0])) cell = `'${cell}`
        if (quoted) cell = `"${cell.replaceAll('"', '""')}"`
      } else return out + stringify(records.slice(r), { escape_formulas: true })
      line += i === 0 ? cell : `,${cell}`
    }
    out += `${line}\n`
  }
  return out
}

export interface AgreementSummary {
  documents: number
  annotators: number
  scope: string
  levels: { level: string; pairs: number; macro: { exactF1: number | null; overlapF1: number | null; kappa: number | null }; labels: { label: string; pairs: number; exactF1: number; overlapF1: number; kappa: number | null }[] }[]
}

/** Agreement between annotators on the selected documents, over all their non-deleted tags (before review decided). */
async function agreementOnSelection(client: Connection, selection: Selection, pathOf: PathOf): Promise<AgreementSummary | null> {
  // Performance: only the tags of documents with two or more authors come back (the only ones the
  // figures use, see `shared` below), not every tag of the selection: in a corpus tagged mostly by
  // one annotator per document that is a tenth of the rows or none. The figures are sums of counts
  // over documents, so the order the rows come in does not change them.
  const rows = await client.query<{ id: string; documentId: string; length: number; authorId: string; labelId: string; start: number; end: number }>(
    sql`SELECT id, "documentId", length, "authorId", "labelId", start, "end" FROM (
       SELECT t.id, t."documentId", d.length, t."authorId", t."labelId", t.start, t."end",
              min(t."authorId") OVER per_document AS first_author, max(t."authorId") OVER per_document AS last_author
       FROM "Tag" t JOIN "Document" d ON d.id = t."documentId"
       WHERE t."deletedAt" IS NULL AND ${documentConditions({ ...selection, layer: 'tags' })}
       WINDOW per_document AS (PARTITION BY t."documentId")) tags
     WHERE first_author <> last_author`,
  )
  const byDocument = new Map<string, AgreementDocument>()
  for (const r of rows) {
    const labelPath = pathOf(r.id, r.labelId)
    if (!labelPath) continue
    let doc = byDocument.get(r.documentId)
    if (!doc) byDocument.set(r.documentId, (doc = { id: r.documentId, length: r.length, annotations: new Map() }))
    const spans = doc.annotations.get(r.authorId) ?? []
    spans.push({ start: r.start, end: r.end, labelPath })
    doc.annotations.set(r.authorId, spans)
  }
  const shared = [...byDocument.values()].filter((d) => d.annotations.size >= 2)
  if (shared.length === 0) return null
  const report: AgreementReport = computeAgreement(shared)
  return {
    documents: shared.length,
    annotators: report.annotators.length,
    scope: 'documents of this export that two or more annotators tagged; every non-deleted tag of theirs, whatever its review status',
    levels: report.levels.map((l) => ({
      level: l.level,
      pairs: l.summary.pairs,
      macro: l.summary.macro,
      labels: l.summary.labels.map((s) => ({ label: s.label, pairs: s.pairs, exactF1: s.exactF1, overlapF1: s.overlapF1, kappa: s.kappa })),
    })),
  }
}

/** A tag's label path as the export writes it, or null to leave the tag out (its label did not exist at the asked version). */
type PathOf = (tagId: string, labelId: string) => string[] | null

/**
 * The labels as the export writes them: as they are now, or as of an earlier taxonomy version
 * (issue 13; lib/taxonomy/as-of-version.ts), with the count of tags left out for want of a label then.
 */
async function labelsAsWritten(client: Connection, project: { id: string; taxonomyVersion: number }, version: number | undefined, current: Taxonomy) {
  if (version === undefined || version === project.taxonomyVersion) {
    return { taxonomy: current, asOfVersion: null as number | null, leftOut: 0, pathOf: ((_tagId, labelId) => current.byId.get(labelId)?.path ?? ['(unknown label)']) as PathOf }
  }
  if (version < 1 || version > project.taxonomyVersion) throw new Error(`The project's taxonomy has no version ${version} (it is at version ${project.taxonomyVersion}).`)
  const asOf = await loadTaxonomyAsOfVersion(client, project.id, version)
  const taxonomy = taxonomyOf(asOf.labels)
  return {
    taxonomy,
    asOfVersion: version as number | null,
    leftOut: 0,
    pathOf: ((tagId, labelId) => {
      const label = asOf.labelOfTag(tagId, labelId)
      return label ? (taxonomy.byId.get(label.id)?.path ?? null) : null
    }) as PathOf,
  }
}
