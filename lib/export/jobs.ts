// Export jobs. A request creates a queued row; a worker in the server process claims it (FOR
// UPDATE SKIP LOCKED, so several processes never run one job twice), writes <id>.zip.part, and
// renames it to <id>.zip only when complete. Progress and a heartbeat go to the row, so the page
// can be reloaded at will. A job whose heartbeat stopped (the server was stopped mid-export) is
// marked failed with a sentence, and its partial file is deleted.
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

/** A running job writes progress at least this often; one silent for STALE_MS was cut off. */
const HEARTBEAT_MS = 2_000
const STALE_MS = 60_000

class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.')
  }
}

export function exportFolder(): string {
  return path.resolve(readEnv('TAGBENCH_EXPORT_DIR') ?? path.join(dataDir(), 'exports'))
}

export const exportFile = (id: string) => path.join(exportFolder(), `${id}.zip`)

const state = globalThis as unknown as { tagbenchExportWorker?: { active: boolean; again: boolean } }

/** Runs queued exports one after another in this process; calling it while it runs is cheap. */
export function kickExportWorker(): void {
  const worker = (state.tagbenchExportWorker ??= { active: false, again: false })
  if (worker.active) {
    worker.again = true
    return
  }
  worker.active = true
  worker.again = false
  void (async () => {
    try {
      while (await runNextExport()) {
        /* next */
      }
    } catch (error) {
      console.error('Export worker:', error)
    } finally {
      worker.active = false
      if (worker.again) kickExportWorker()
    }
  })()
}

export function failureSentence(error: unknown): string {
  if (error instanceof DomainError) return error.message
  const message = error instanceof Error ? error.message : String(error)
  return `The export failed on the server: ${message}. Nothing was kept; start it again, and tell an admin if it fails again.`
}

/** Claims and runs the oldest queued export; false when there is none. */
export async function runNextExport(): Promise<boolean> {
  const claimed = await query<{ id: string; projectId: string; request: unknown; createdById: string }>(sql`
    UPDATE "Export" SET status = 'running', "startedAt" = now(), "heartbeatAt" = now()
    WHERE id = (SELECT id FROM "Export" WHERE status = 'queued' ORDER BY "createdAt" FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING id, "projectId", request, "createdById"`)
  const job = claimed[0]
  if (!job) return false
  await runJob(job)
  return true
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

/** Marks jobs whose heartbeat stopped as failed (their server stopped mid-export) and removes their partial files. */
export async function failInterruptedExports(): Promise<number> {
  const stale = await query<{ id: string }>(sql`
    UPDATE "Export" SET status = 'failed', "finishedAt" = now(),
      error = 'The server stopped while this export was running, so it was not finished. Start it again.'
    WHERE status = 'running' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < now() - make_interval(secs => ${STALE_MS / 1000}))
    RETURNING id`)
  await Promise.all(stale.map((s) => rm(`${exportFile(s.id)}.part`, { force: true })))
  return stale.length
}

/** Started with the server: clean up after a previous run, pick up queued jobs, and keep watching. */
export function startExportWorker(): void {
  const check = () =>
    failInterruptedExports()
      .then(() => kickExportWorker())
      .catch((error) => console.error('Export worker check:', error))
  void check()
  setInterval(check, STALE_MS / 2).unref()
}
