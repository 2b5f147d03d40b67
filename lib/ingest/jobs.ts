// The file import's background work (on the job queue, lib/jobs): reading staged files (unpacking
// archives into staged files of their own) and committing a manager's choice as documents. Both are
// safe to run again after a crash: a read only takes files still queued, a commit only files still
// staged, in one transaction per batch.
import { randomUUID, createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { loadActor } from '../auth/actor'
import { authorizeProject } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql, withTransaction } from '../db/sql'
import { forbidden } from '../errors'
import type { Prisma } from '../generated/prisma/client'
import { enqueueReads, READ_CHUNK } from '../services/ingest'
import { codePointLength } from '../text/codepoints'
import { parseManifest } from './extract/manifest'
import { unpackZip } from './extract/zip'
import { documentsArrived, nearDuplicateOf } from './near-duplicate-index'
import type { ReadOutcome } from './read-file'
import { readPool, readThreadCount } from './read-pool'
import { bodyTextOf, effectiveFields, manifestRowFor, readFieldsOf, type ManifestRows, type ReadFields } from './staged-text'
import type { IngestWarning } from './types'
import type { StagedFields } from '../schemas/ingest'

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')
const idList = z.array(z.string().min(1).max(64)).min(1).max(20000)

export const readJob = {
  schema: z.object({ stagedFileIds: idList }),
  // Reading is CPU work (in the reading threads) between database round trips: two jobs per thread
  // keep every thread fed while the others wait on the database; four at least, as before the pool.
  get concurrency() {
    return Math.max(4, 2 * readThreadCount())
  },
  async handle(data: unknown) {
    const { stagedFileIds } = readJob.schema.parse(data)
    for (const id of stagedFileIds) await readStagedFile(id)
  },
  /** Retries spent (a file that kills its worker every time, say): what is still waiting is refused with the reason, the rest stays as read. */
  async failed(data: unknown, sentence: string) {
    const parsed = readJob.schema.safeParse(data)
    if (!parsed.success) return
    const problem: Problem = { code: 'read_failed', key: 'ingest.codes.read_failed', message: `This file could not be read: ${sentence} Upload it again in a new import to try once more.`, values: { reason: sentence } }
    await query(sql`UPDATE "StagedFile" SET status = 'refused', problem = ${JSON.stringify(problem)}::jsonb, "updatedAt" = now()
      WHERE id = ANY(${parsed.data.stagedFileIds}::text[]) AND status = 'queued'`)
  },
}

export const commitJob = {
  schema: z.object({ batchId: z.string().min(1), actorId: z.string().min(1), ids: idList }),
  concurrency: 1,
  async handle(data: unknown) {
    await commitStagedFiles(commitJob.schema.parse(data))
  },
  /** Nothing was imported (the commit is one transaction); the batch says why, for the import page. */
  async failed(data: unknown, sentence: string) {
    const parsed = commitJob.schema.safeParse(data)
    if (!parsed.success) return
    const problem: Problem = { code: 'commit_failed', key: 'ingest.codes.commit_failed', message: `Nothing was imported: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)} A project manager can import the files again.`, values: { reason: sentence } }
    await query(sql`UPDATE "ImportBatch" SET "commitState" = 'failed', "commitProblem" = ${JSON.stringify(problem)}::jsonb, "updatedAt" = now() WHERE id = ${parsed.data.batchId}`)
  },
}

type Problem = { code: string; key: string; message: string; values?: Record<string, string | number> }

const refuse = (id: string, problem: Problem, format: string | null = null) =>
  query(sql`UPDATE "StagedFile" SET status = 'refused', problem = ${JSON.stringify(problem)}::jsonb, format = ${format}, "updatedAt" = now() WHERE id = ${id} AND status = 'queued'`)

/** Reads one queued staged file: unpacks an archive, or extracts its text, body and metadata and checks for duplicates. */
export async function readStagedFile(id: string, options: { queueEntries: boolean } = { queueEntries: true }): Promise<void> {
  // node-postgres rather than Prisma on this path: a thousand files each with a 30 KB text and its
  // bytes spent most of the worker's time in Prisma's query compiler and Bytes encoding (ADR 0008).
  const [found] = await query<{ id: string; path: string; status: string; original: Buffer; batchId: string; projectId: string; manifest: ManifestRows | null }>(sql`
    SELECT f.id, f.path, f.status, f.original, b.id AS "batchId", b."projectId", b.manifest
    FROM "StagedFile" f JOIN "ImportBatch" b ON b.id = f."batchId" WHERE f.id = ${id}`)
  if (!found || found.status !== 'queued') return
  const row = { ...found, batch: { id: found.batchId, projectId: found.projectId, manifest: found.manifest } }
  const manifest = manifestRowFor(row.batch.manifest as ManifestRows | null, row.path)
  let outcome: ReadOutcome
  try {
    outcome = await readPool().read({ bytes: row.original, path: row.path, manifest })
  } catch (error) {
    // The reader threw, or its thread died or hung, on this file: it alone is refused, the job goes on.
    const sentence = error instanceof Error ? error.message : String(error)
    await refuse(row.id, { code: 'read_failed', key: 'ingest.codes.read_failed', message: `This file could not be read: ${sentence} Upload it again in a new import to try once more.`, values: { reason: sentence } })
    return
  }
  if (outcome.kind === 'archive') return unpackArchive(row.id, row.path, row.original, row.batch.id, options.queueEntries)
  if (outcome.kind === 'refused') {
    await refuse(row.id, outcome.problem)
    return
  }
  const { file, meta, textSha256 } = outcome
  const warnings: IngestWarning[] = [...file.warnings, ...meta.warnings]
  let duplicateOfId: string | null = null
  let near: { documentId: string; share: number } | null = null
  if (file.body && textSha256) {
    duplicateOfId = (await query<{ id: string }>(sql`SELECT id FROM "Document" WHERE "projectId" = ${row.batch.projectId} AND "textSha256" = ${textSha256}`))[0]?.id ?? null
    if (duplicateOfId) {
      warnings.push({ code: 'duplicate', key: 'ingest.duplicate_text', message: 'The project already holds a document with exactly this text; it will not be imported again.' })
    } else {
      near = await nearDuplicateOf(row.batch.projectId, outcome.fingerprints)
      if (near) {
        const share = Math.round(near.share * 100)
        warnings.push({ code: 'near_duplicate', key: 'ingest.near_duplicate', values: { share }, message: `${share} % of its sentences are already in one document of the project: it may be a copy or another version.` })
      }
    }
  }
  await query(sql`
    UPDATE "StagedFile" SET status = 'staged', format = ${file.format}, encoding = ${file.encoding}, "encodingSource" = ${file.encodingSource},
      "encodingConfidence" = ${file.encodingConfidence}, text = ${file.text}, "bodyStart" = ${file.body?.start ?? null}, "bodyEnd" = ${file.body?.end ?? null},
      read = ${JSON.stringify(readFieldsOf(meta))}::jsonb, warnings = ${JSON.stringify(warnings)}::jsonb, "textSha256" = ${textSha256},
      "duplicateOfId" = ${duplicateOfId}, "nearDuplicateOfId" = ${near?.documentId ?? null}, "nearDuplicateShare" = ${near?.share ?? null}, "updatedAt" = now()
    WHERE id = ${row.id} AND status = 'queued'`)
}

/** An archive's entries become staged files of the same batch (a manifest.csv inside fills the batch's manifest). */
async function unpackArchive(id: string, archivePath: string, bytes: Uint8Array, batchId: string, queueEntries: boolean): Promise<void> {
  const interrupted = (await db.stagedFile.count({ where: { parentId: id } })) > 0
  const folder = await mkdtemp(path.join(tmpdir(), 'tagbench-unpack-'))
  try {
    const zip = path.join(folder, 'archive.zip')
    await writeFile(zip, bytes)
    const prefix = archivePath.replace(/\.zip$/i, '')
    let pending: { batchId: string; parentId: string; path: string; size: number; sha256: string; original: Uint8Array; status?: 'refused'; problem?: unknown }[] = []
    const flush = async () => {
      if (pending.length) {
        // Queued as they are stored, so the first files are read while the rest are still unpacked.
        const rows = pending.map((e) => sql`(${randomUUID()}, ${e.batchId}, ${e.parentId}, ${e.path}, ${e.size}, ${e.sha256}, ${Buffer.from(e.original)}, ${e.status ?? 'queued'}::"StagedFileStatus", ${e.problem === undefined ? null : JSON.stringify(e.problem)}::jsonb, now())`)
        const created = await query<{ id: string; status: string }>(sql`
          INSERT INTO "StagedFile" (id, "batchId", "parentId", path, size, sha256, original, status, problem, "updatedAt") VALUES ${sql.join(rows)}
          ON CONFLICT ("batchId", path) DO NOTHING RETURNING id, status`)
        if (queueEntries) await enqueueReads(created.filter((r) => r.status === 'queued').map((r) => r.id))
      }
      pending = []
    }
    for await (const entry of unpackZip(zip)) {
      const entryPath = `${prefix}/${entry.path}`
      if ('problem' in entry) {
        pending.push({ batchId, parentId: id, path: entryPath, size: 0, sha256: '', original: new Uint8Array(), status: 'refused', problem: entry.problem })
      } else if (path.posix.basename(entry.path).toLowerCase() === 'manifest.csv') {
        const parsed = parseManifest(entry.bytes)
        const batch = await db.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { manifest: true } })
        // Rows name files relative to the manifest's folder; key them by their path in the batch too.
        const folderOf = path.posix.dirname(entryPath)
        const rows: ManifestRows = {}
        for (const [name, values] of parsed.rows) {
          rows[name] = values
          rows[`${folderOf}/${name}`] = values
        }
        await db.importBatch.update({ where: { id: batchId }, data: { manifest: { ...((batch.manifest as ManifestRows | null) ?? {}), ...rows } as Prisma.InputJsonObject } })
      } else {
        pending.push({ batchId, parentId: id, path: entryPath, size: entry.bytes.byteLength, sha256: sha256(entry.bytes), original: entry.bytes })
      }
      if (pending.length >= READ_CHUNK) await flush()
    }
    await flush()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await refuse(id, { code: 'archive_unreadable', key: 'ingest.archive_unreadable', values: { reason: message }, message: `The archive cannot be unpacked: ${message}` }, 'zip')
    return
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  await db.stagedFile.updateMany({ where: { id, status: 'queued' }, data: { status: 'unpacked', format: 'zip' } })
  // An earlier try that was cut off may have stored entries without queueing them: queue those now.
  // (A file queued twice is read once: a read only takes files still queued.)
  if (interrupted && queueEntries) {
    const queued = await db.stagedFile.findMany({ where: { parentId: id, status: 'queued' }, select: { id: true }, orderBy: { path: 'asc' } })
    await enqueueReads(queued.map((r) => r.id))
  }
}

/** The outcome of a commit, as the CLI prints it. */
export interface CommitOutcome {
  imported: number
  skipped: { path: string; reason: string }[]
}

/**
 * Imports the chosen staged files as documents in one transaction: all or none. Files no longer
 * staged are skipped (a second run of the same job imports nothing twice), and so is a file whose
 * body is already a document of the project.
 */
export async function commitStagedFiles(input: { batchId: string; actorId: string; ids: string[] }): Promise<CommitOutcome> {
  const batch = await db.importBatch.findUniqueOrThrow({ where: { id: input.batchId }, select: { projectId: true } })
  const actor = await loadActor(input.actorId, 'session')
  if (!actor) throw forbidden('The user who asked for this import no longer exists or was disabled.', { key: 'ingest.importerGone' })
  authorizeProject(actor, batch.projectId, 'document.import')
  const outcome = await withTransaction(async (tx) => {
    // One commit of a batch at a time: the second waits, then finds the files already committed.
    await tx.query(sql`SELECT id FROM "ImportBatch" WHERE id = ${input.batchId} FOR UPDATE`)
    const rows = await tx.query<{ id: string; path: string; text: string | null; bodyStart: number | null; bodyEnd: number | null; read: ReadFields | null; edits: StagedFields }>(sql`
      SELECT id, path, text, "bodyStart", "bodyEnd", read, edits FROM "StagedFile"
      WHERE "batchId" = ${input.batchId} AND id = ANY(${input.ids}::text[]) AND status = 'staged'
      ORDER BY path`)
    const skipped: CommitOutcome['skipped'] = []
    const seen = new Set<string>()
    let imported = 0
    for (let i = 0; i < rows.length; i += 200) {
      const values = []
      for (const row of rows.slice(i, i + 200)) {
        const body = row.text !== null && row.bodyStart !== null && row.bodyEnd !== null ? bodyTextOf(row.text, row.bodyStart, row.bodyEnd) : ''
        if (!body) {
          skipped.push({ path: row.path, reason: 'no body' })
          continue
        }
        const textSha256 = sha256(body)
        if (seen.has(textSha256)) {
          skipped.push({ path: row.path, reason: 'same text as another file of this import' })
          continue
        }
        seen.add(textSha256)
        const f = effectiveFields(row.read, row.edits, row.path)
        values.push(sql`(${randomUUID()}, ${batch.projectId}, ${f.title}, ${body}, ${textSha256}, ${codePointLength(body)}, ${row.text}, ${path.posix.basename(row.path)},
          ${f.province ?? null}, ${f.city ?? null}, ${f.county ?? null}, ${f.township ?? null}, ${f.level ?? null}, ${f.report_year ?? null}, ${f.issuer ?? null},
          ${f.published ?? null}::date, ${f.signed ?? null}::date, ${f.source_url ?? null}, ${row.id}, ${actor.id})`)
      }
      if (values.length === 0) continue
      const inserted = await tx.query<{ stagedFileId: string }>(sql`
        INSERT INTO "Document" (id, "projectId", title, text, "textSha256", length, "originalText", "originalFileName",
          province, city, county, township, level, "reportYear", issuer, "publishedOn", "signedOn", "sourceUrl", "stagedFileId", "importedById")
        VALUES ${sql.join(values)}
        ON CONFLICT ("projectId", "textSha256") DO NOTHING
        RETURNING "stagedFileId"`)
      imported += inserted.length
      const done = inserted.map((r) => r.stagedFileId)
      await tx.query(sql`UPDATE "StagedFile" SET status = 'committed', version = version + 1, "updatedAt" = now() WHERE id = ANY(${done}::text[])`)
    }
    // What the unique index turned away: a document with the same text arrived since the file was read.
    const left = await tx.query<{ id: string; path: string }>(sql`SELECT id, path FROM "StagedFile" WHERE id = ANY(${rows.map((r) => r.id)}::text[]) AND status = 'staged'`)
    for (const r of left) if (!skipped.some((s) => s.path === r.path)) skipped.push({ path: r.path, reason: 'the project already holds this text' })
    await tx.query(sql`UPDATE "ImportBatch" SET "commitState" = 'done', "commitProblem" = NULL, "updatedAt" = now() WHERE id = ${input.batchId}`)
    return { imported, skipped }
  })
  documentsArrived(batch.projectId)
  return outcome
}
