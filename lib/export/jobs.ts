// Export jobs. A request creates a queued "Export" row and an `export.run` job on the app's queue
// (lib/jobs/queue.ts, pg-boss); a worker in any process claims the row, writes <id>.zip.part, and
// renames it to <id>.zip only when complete. Progress and a heartbeat go to the row, so the page can
// be reloaded at will. A job whose worker died is retried by the queue after it expires; its
// partial file is replaced. When its retries are spent, the row is marked failed with a sentence.
import { mkdirSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { dataDir } from '../config/data-dir'
import { db } from '../db/client'
import { query, sql, withConnection } from '../db/sql'
import { DomainError } from '../errors'
import { exportRequestSchema } from '../schemas/exports'
import { runExport } from './engine'
import { zipSink } from './sinks'
import { readEnv } from '../config/env'
import { z } from 'zod'
import type { JobHandler } from '../jobs/registry'

/** A running job writes progress at least this often; one silent for STALE_MS was cut off. */
const HEARTBEAT_MS = 2_000
const STALE_MS = 15_000

class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.')
  }
}

export function exportFolder(): string {
  return path.resolve(readEnv('TAGBENCH_EXPORT_DIR') ?? path.join(dataDir(), 'exports'))
}

export const exportFile = (id: string) => path.join(exportFolder(), `${id}.zip`)

/** Queues the job that writes this export; if even that fails, the row says so. */
export async function enqueueExport(exportId: string): Promise<void> {
  try {
    // Imported here: the queue's registry imports this module.
    const { enqueueJob } = await import('../jobs/queue')
    await enqueueJob('export.run', { exportId }, { singletonKey: exportId })
  } catch (error) {
    console.error(`Export ${exportId}: queueing failed:`, error)
    await markExportFailed(exportId, `The export could not be queued: ${error instanceof Error ? error.message : String(error)}. Start it again.`)
  }
}

/** Marks a queued or running export failed with a sentence, and removes its partial file. */
export async function markExportFailed(exportId: string, sentence: string): Promise<void> {
  await query(sql`UPDATE "Export" SET status = 'failed', error = ${sentence}, "finishedAt" = now() WHERE id = ${exportId} AND status IN ('queued', 'running')`)
  await rm(`${exportFile(exportId)}.part`, { force: true })
}

export function failureSentence(error: unknown): string {
  if (error instanceof DomainError) return error.message
  // A request stored by an older version that no longer parses: say which fields, not zod's JSON.
  const message =
    error instanceof z.ZodError
      ? `its request cannot be read (${error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')})`
      : error instanceof Error
        ? error.message
        : String(error)
  return `The export failed on the server: ${message}. Nothing was kept; start it again, and tell an admin if it fails again.`
}

/**
 * Runs the oldest queued export now, in this process, outside the queue (tests and the export
 * bench, which time the job path itself); false when there is none.
 */
export async function runNextExport(): Promise<boolean> {
  const [next] = await query<{ id: string }>(sql`SELECT id FROM "Export" WHERE status = 'queued' ORDER BY "createdAt" LIMIT 1`)
  return next ? runExportJob(next.id) : false
}

/**
 * Claims the export and writes it; false when there is nothing to do (it was deleted, or it is
 * finished). A row left 'running' by a worker that died (no heartbeat for STALE_MS) is taken over;
 * one with a live heartbeat belongs to another worker, so this attempt fails and is retried later.
 */
export async function runExportJob(exportId: string): Promise<boolean> {
  const claimed = await query<{ id: string; projectId: string; request: unknown; createdById: string }>(sql`
    UPDATE "Export" SET status = 'running', "startedAt" = now(), "heartbeatAt" = now(), progress = 0
    WHERE id = ${exportId} AND (status = 'queued'
      OR (status = 'running' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${STALE_MS / 1000}))))
    RETURNING id, "projectId", request, "createdById"`)
  const job = claimed[0]
  if (job) {
    await runJob(job)
    return true
  }
  const [row] = await query<{ status: string }>(sql`SELECT status FROM "Export" WHERE id = ${exportId}`)
  if (row?.status === 'running') throw new Error(`Export ${exportId} is being written by another worker.`)
  return false
}

async function runJob(job: { id: string; projectId: string; request: unknown; createdById: string }) {
  const file = exportFile(job.id)
  const partial = `${file}.part`
  let sink: ReturnType<typeof zipSink> | null = null
  let lastBeat = 0
  let cancelled = false
  const beat = async (data: { progress?: number; total?: number }, force = false) => {
    const now = Date.now()
    if (!force && now - lastBeat < HEARTBEAT_MS / 4) return
    lastBeat = now
    const row = await db.export.update({ where: { id: job.id }, data: { ...data, heartbeatAt: new Date() }, select: { cancelRequestedAt: true } })
    if (row.cancelRequestedAt) cancelled = true
  }
  // Someone cancelled: stop at the next batch (the engine's hooks are where it can stop cleanly).
  const stopIfCancelled = () => {
    if (cancelled) throw new ExportCancelled()
  }
  // A long single step (the agreement figures, a huge document) must not look like a dead job.
  const timer = setInterval(() => void beat({}, true).catch(() => undefined), HEARTBEAT_MS)
  try {
    // Inside the try: an unwritable export folder or a lost database must fail the job with a sentence.
    mkdirSync(exportFolder(), { recursive: true })
    const zip = (sink = zipSink(partial))
    const request = exportRequestSchema.parse(job.request)
    const user = await db.user.findUnique({ where: { id: job.createdById }, select: { name: true, email: true } })
    // The export holds one connection of the pool (its snapshot and cursor) for as long as it runs.
    const manifest = await withConnection((client) =>
      runExport({
        client,
        projectId: job.projectId,
        request,
        sink: zip,
        exportId: job.id,
        createdBy: user,
        onStart: async (total) => {
          await beat({ total, progress: 0 }, true)
          stopIfCancelled()
        },
        onProgress: async (progress) => {
          await beat({ progress })
          stopIfCancelled()
        },
      }),
    )
    await rename(partial, file)
    const { bytes, sha256: sha } = sink.archive()
    await db.export.update({
      where: { id: job.id },
      data: {
        status: 'done',
        progress: manifest.counts.documents,
        total: manifest.counts.documents,
        documents: manifest.counts.documents,
        spans: manifest.counts.spans,
        manifest: manifest as object,
        fileBytes: BigInt(bytes),
        fileSha256: sha,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      },
    })
  } catch (error) {
    sink?.abort()
    await rm(partial, { force: true })
    await rm(file, { force: true })
    if (error instanceof ExportCancelled) await db.export.delete({ where: { id: job.id } }).catch(() => undefined)
    else {
      await db.export.update({ where: { id: job.id }, data: { status: 'failed', error: failureSentence(error), finishedAt: new Date() } }).catch(() => undefined)
      if (!(error instanceof DomainError)) console.error(`Export ${job.id} failed:`, error)
    }
  } finally {
    clearInterval(timer)
  }
}

/** The `export.run` job: its data names the export row; the row holds the request. */
export const exportJobHandler: JobHandler = {
  schema: z.object({ exportId: z.string().min(1) }),
  // One export at a time per process: each holds a connection, its snapshot and a cursor, for as long as it runs.
  concurrency: 1,
  async handle(data) {
    await runExportJob((data as { exportId: string }).exportId)
  },
  async failed(data, sentence) {
    const exportId = (data as { exportId?: unknown } | null)?.exportId
    if (typeof exportId === 'string') await markExportFailed(exportId, `The export was not finished: ${sentence} Start it again.`)
  },
}
