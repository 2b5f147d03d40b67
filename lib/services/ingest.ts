// The file import (issue 11): a manager drops raw files into an import batch; each is stored as a
// staged file, read in the background (lib/ingest/jobs.ts), checked and corrected by the manager,
// and only becomes a document when they commit it (docs/decisions/0020-staged-file-import.md).
import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Actor } from '../auth/actor'
import { authorizeImport, authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql } from '../db/sql'
import { conflict, invalid } from '../errors'
import { Prisma } from '../generated/prisma/client'
import { newUploadFolder, saveUpload } from '../import/upload'
import { enqueueJob } from '../jobs/queue'
import { parseManifest } from '../ingest/extract/manifest'
import { bodyTextOf, fieldViews, sniffArchive, type ManifestRows, type ReadFields } from '../ingest/staged-text'
import type { BatchView, StagedDetail, StagedFields, StagedRow } from '../schemas/ingest'
import { codePointLength } from '../text/codepoints'

/** How many staged files one read job takes: fewer jobs, and the worker stays busy between them. */
export const READ_CHUNK = 20

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

export async function createBatch(actor: Actor, input: { projectId: string }): Promise<BatchView> {
  authorizeProject(actor, input.projectId, 'document.import')
  const batch = await db.importBatch.create({ data: { projectId: input.projectId, createdById: actor.id } })
  return (await batchViews(sql`b.id = ${batch.id}`))[0]
}

export async function listBatches(actor: Actor, input: { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'document.import')
  return { items: await batchViews(sql`b."projectId" = ${input.projectId}`) }
}

export async function getBatch(actor: Actor, input: { batchId: string }): Promise<BatchView> {
  await authorizeImport(actor, input, 'document.import', true)
  return (await batchViews(sql`b.id = ${input.batchId}`))[0]
}

interface BatchRow {
  id: string
  projectId: string
  createdAt: Date
  createdByName: string
  hasManifest: boolean
  commitState: 'queued' | 'done' | 'failed' | null
  commitProblem: NonNullable<BatchView['commit']>['problem']
  files: number
  queued: number
  staged: number
  refused: number
  committed: number
  withWarnings: number
  duplicates: number
}

/** Batches with their counts in one query: the import page polls this while files are read. */
async function batchViews(where: ReturnType<typeof sql>): Promise<BatchView[]> {
  const rows = await query<BatchRow>(sql`
    SELECT b.id, b."projectId", b."createdAt", u.name AS "createdByName", b.manifest IS NOT NULL AS "hasManifest", b."commitState", b."commitProblem",
      count(f.id) FILTER (WHERE f.status <> 'unpacked')::int AS files,
      count(f.id) FILTER (WHERE f.status = 'queued')::int AS queued,
      count(f.id) FILTER (WHERE f.status = 'staged')::int AS staged,
      count(f.id) FILTER (WHERE f.status = 'refused')::int AS refused,
      count(f.id) FILTER (WHERE f.status = 'committed')::int AS committed,
      count(f.id) FILTER (WHERE f.status = 'staged' AND jsonb_array_length(f.warnings) > 0)::int AS "withWarnings",
      count(f.id) FILTER (WHERE f.status = 'staged' AND (f."duplicateOfId" IS NOT NULL OR f."nearDuplicateOfId" IS NOT NULL))::int AS duplicates
    FROM "ImportBatch" b JOIN "User" u ON u.id = b."createdById" LEFT JOIN "StagedFile" f ON f."batchId" = b.id
    WHERE ${where}
    GROUP BY b.id, u.name
    ORDER BY b."createdAt" DESC`)
  return rows.map((r) => ({
    id: r.id,
    projectId: r.projectId,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName,
    hasManifest: r.hasManifest,
    commit: r.commitState ? { state: r.commitState, problem: r.commitProblem } : null,
    files: r.files,
    counts: { queued: r.queued, staged: r.staged, refused: r.refused, committed: r.committed, withWarnings: r.withWarnings, duplicates: r.duplicates },
  }))
}

const isManifestName = (p: string) => path.posix.basename(p.replace(/\\/g, '/')).toLowerCase() === 'manifest.csv'

/**
 * One uploaded file: a manifest.csv fills the batch's manifest (and re-reads what is staged), any
 * other file (a zip too: its read job unpacks it) becomes a queued staged file with its bytes.
 */
export async function uploadFile(actor: Actor, input: { batchId: string; path: string; body: ReadableStream<Uint8Array> | null; contentLength: string | null }) {
  const { batchId } = await authorizeImport(actor, input)
  const folder = await newUploadFolder()
  try {
    const file = path.join(folder, 'upload')
    await saveUpload(input.body, input.contentLength, file)
    const bytes = await readFile(file)
    return await addFileBytes(batchId, input.path, bytes)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/**
 * A file's bytes into the batch (the upload's second half; the CLI and the demo seed call it
 * directly). `read: 'queue'` hands reading to the job queue; 'later' leaves it to the caller.
 */
export async function addFileBytes(batchId: string, filePath: string, bytes: Uint8Array, options: { read: 'queue' | 'later' } = { read: 'queue' }) {
  if (isManifestName(filePath)) {
    const rows = await setManifest(batchId, bytes, options)
    return { id: batchId, path: filePath, kind: 'manifest' as const, rows }
  }
  const row = await db.stagedFile
    .create({ data: { batchId, path: filePath, size: bytes.byteLength, sha256: sha256(bytes), original: Buffer.from(bytes) }, select: { id: true } })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict(`${filePath} is already in this import; give the file another name or start a new import.`, undefined, { key: 'ingest.pathTaken', values: { path: filePath } })
      }
      throw error
    })
  if (options.read === 'queue') await enqueueReads([row.id])
  return { id: row.id, path: filePath, kind: sniffArchive(bytes) ? ('archive' as const) : ('file' as const), rows: 0 }
}

/** Parses a manifest.csv into the batch (merged over an earlier one) and lets it win over what staged files read. */
export async function setManifest(batchId: string, bytes: Uint8Array, options: { read: 'queue' | 'later' } = { read: 'queue' }): Promise<number> {
  const parsed = parseManifest(bytes)
  if (parsed.rows.size === 0) {
    throw invalid(`manifest.csv has no rows that can be used${parsed.problems.length ? `: ${parsed.problems.join(' ')}` : '.'}`, undefined, {
      key: 'ingest.manifestEmpty',
      values: { problems: parsed.problems.join(' ') },
    })
  }
  const batch = await db.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { manifest: true } })
  const merged: ManifestRows = { ...((batch.manifest as ManifestRows | null) ?? {}), ...Object.fromEntries(parsed.rows) }
  await db.importBatch.update({ where: { id: batchId }, data: { manifest: merged as Prisma.InputJsonObject } })
  // Files already read are read again with it (their manual corrections stay, in `edits`); files
  // not read yet pick it up when they are.
  const again = await query<{ id: string }>(sql`
    UPDATE "StagedFile" SET status = 'queued', version = version + 1, "updatedAt" = now()
    WHERE "batchId" = ${batchId} AND status = 'staged' RETURNING id`)
  if (options.read === 'queue') await enqueueReads(again.map((r) => r.id))
  return parsed.rows.size
}

/** Queues read jobs for the staged files, READ_CHUNK to a job. */
export async function enqueueReads(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += READ_CHUNK) await enqueueJob('import.read', { stagedFileIds: ids.slice(i, i + READ_CHUNK) })
}

// ── Reading the staged rows ──────────────────────────────────────────────────────────────

const rowSelect = {
  id: true,
  path: true,
  status: true,
  size: true,
  format: true,
  encoding: true,
  encodingSource: true,
  bodyStart: true,
  bodyEnd: true,
  read: true,
  edits: true,
  warnings: true,
  problem: true,
  duplicateOfId: true,
  nearDuplicateOfId: true,
  nearDuplicateShare: true,
  version: true,
  document: { select: { id: true } },
} satisfies Prisma.StagedFileSelect

type RowData = Prisma.StagedFileGetPayload<{ select: typeof rowSelect }>

async function rowViews(rows: RowData[]): Promise<StagedRow[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.duplicateOfId, r.nearDuplicateOfId]).filter((id): id is string => id !== null))]
  const titles = new Map((ids.length ? await db.document.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } }) : []).map((d) => [d.id, d.title]))
  return rows.map((r) => ({
    id: r.id,
    path: r.path,
    status: r.status,
    size: r.size,
    format: r.format,
    encoding: r.encoding,
    encodingSource: r.encodingSource,
    bodyLength: r.bodyStart !== null && r.bodyEnd !== null ? r.bodyEnd - r.bodyStart : null,
    fields: fieldViews(r.read as ReadFields | null, r.edits as StagedFields),
    warnings: r.warnings as StagedRow['warnings'],
    problem: r.problem as StagedRow['problem'],
    duplicateOf: r.duplicateOfId ? { id: r.duplicateOfId, title: titles.get(r.duplicateOfId) ?? '' } : null,
    nearDuplicateOf: r.nearDuplicateOfId ? { id: r.nearDuplicateOfId, title: titles.get(r.nearDuplicateOfId) ?? '', share: r.nearDuplicateShare ?? 0 } : null,
    documentId: r.document?.id ?? null,
    version: r.version,
  }))
}

const showFilter: Record<string, Prisma.StagedFileWhereInput> = {
  all: { status: { not: 'unpacked' } },
  warnings: { status: 'staged', NOT: { warnings: { equals: [] } } },
  duplicates: { status: 'staged', OR: [{ duplicateOfId: { not: null } }, { nearDuplicateOfId: { not: null } }] },
  refused: { status: 'refused' },
  ready: { status: 'staged', warnings: { equals: [] }, duplicateOfId: null },
}

export async function listStagedFiles(actor: Actor, input: { batchId: string; show: keyof typeof showFilter; page: number; pageSize: number }) {
  await authorizeImport(actor, input, 'document.import', true)
  const where = { batchId: input.batchId, ...showFilter[input.show] }
  const [total, rows] = await Promise.all([
    db.stagedFile.count({ where }),
    db.stagedFile.findMany({ where, select: rowSelect, orderBy: [{ path: 'asc' }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
  ])
  return { items: await rowViews(rows), total, page: input.page, pageSize: input.pageSize }
}

export async function getStagedFile(actor: Actor, input: { stagedFileId: string }): Promise<StagedDetail> {
  await authorizeImport(actor, input, 'document.import', true)
  const row = await db.stagedFile.findUniqueOrThrow({ where: { id: input.stagedFileId }, select: { ...rowSelect, text: true } })
  const [view] = await rowViews([row])
  return { ...view, text: row.text, bodyStart: row.bodyStart, bodyEnd: row.bodyEnd }
}

// ── Corrections ──────────────────────────────────────────────────────────────────────────

const staleRow = (current: number) =>
  conflict(`Someone changed this file since you opened it (it is at version ${current}); reload it and make your change again.`, undefined, { key: 'ingest.stale', values: { version: current } })

/** Sets fields (null clears a read value) and/or moves the body's ends; the body's duplicate check runs again. */
export async function patchStagedFile(actor: Actor, input: { stagedFileId: string; version: number; fields?: StagedFields; body?: { start: number; end: number } }) {
  const { projectId } = await authorizeImport(actor, input)
  const row = await db.stagedFile.findUniqueOrThrow({ where: { id: input.stagedFileId }, select: { status: true, text: true, edits: true, version: true } })
  if (row.status !== 'staged') {
    throw conflict(`This file is ${row.status}, not staged; only a staged file can be corrected.`, undefined, { key: 'ingest.notStaged', values: { status: row.status } })
  }
  if (row.version !== input.version) throw staleRow(row.version)
  const data: Prisma.StagedFileUpdateManyMutationInput = { version: { increment: 1 } }
  if (input.fields) data.edits = { ...(row.edits as StagedFields), ...input.fields } as Prisma.InputJsonObject
  if (input.body) {
    const length = codePointLength(row.text ?? '')
    if (input.body.end > length) {
      throw invalid(`body.end: the text is ${length} characters long; the body must end at ${length} or before.`, undefined, { key: 'ingest.bodyOutside', values: { length } })
    }
    const body = bodyTextOf(row.text ?? '', input.body.start, input.body.end)
    if (!body) throw invalid('body: the body would be empty; move its ends around the report’s text.', undefined, { key: 'ingest.bodyEmpty' })
    const textSha256 = sha256(body)
    const duplicate = await db.document.findUnique({ where: { projectId_textSha256: { projectId, textSha256 } }, select: { id: true } })
    Object.assign(data, { bodyStart: input.body.start, bodyEnd: input.body.end, textSha256, duplicateOfId: duplicate?.id ?? null })
  }
  const updated = await db.stagedFile.updateMany({ where: { id: input.stagedFileId, version: input.version }, data })
  if (updated.count === 0) throw staleRow(input.version + 1)
  return getStagedFile(actor, input)
}

/** One value for many rows at once (the bulk edit of the staging table). */
export async function bulkEditStagedFiles(actor: Actor, input: { batchId: string; ids: string[]; fields: StagedFields }) {
  await authorizeImport(actor, input)
  const patch = JSON.stringify(input.fields)
  const rows = await query<{ id: string }>(sql`
    UPDATE "StagedFile" SET edits = edits || ${patch}::jsonb, version = version + 1, "updatedAt" = now()
    WHERE "batchId" = ${input.batchId} AND id = ANY(${input.ids}::text[]) AND status = 'staged'
    RETURNING id`)
  return { updated: rows.length }
}

// ── Commit ───────────────────────────────────────────────────────────────────────────────

/** Hands the chosen staged files to the commit job; what is not staged (or is an exact duplicate) is left out. */
export async function commitBatch(actor: Actor, input: { batchId: string; ids?: string[]; withoutWarnings: boolean }) {
  await authorizeImport(actor, input)
  const where: Prisma.StagedFileWhereInput = {
    batchId: input.batchId,
    status: 'staged',
    duplicateOfId: null,
    ...(input.ids ? { id: { in: input.ids } } : {}),
    ...(input.withoutWarnings ? { warnings: { equals: [] } } : {}),
  }
  const ids = (await db.stagedFile.findMany({ where, select: { id: true }, orderBy: { path: 'asc' } })).map((r) => r.id)
  if (ids.length === 0) {
    throw invalid('No staged file can be imported: the chosen files are not staged yet, were refused, are already imported, or have the same text as a document of the project.', undefined, {
      key: 'ingest.nothingToCommit',
    })
  }
  // Queued before the job exists, so that a fast job's "done" is never overwritten by this.
  await db.importBatch.update({ where: { id: input.batchId }, data: { commitState: 'queued', commitProblem: Prisma.DbNull } })
  const jobId = await enqueueJob('import.commit', { batchId: input.batchId, actorId: actor.id, ids }, { singletonKey: `commit:${input.batchId}:${sha256(ids.join(','))}` }).catch(async (error: unknown) => {
    await db.importBatch.update({ where: { id: input.batchId }, data: { commitState: null } })
    throw error
  })
  return { queued: ids.length, jobId }
}

