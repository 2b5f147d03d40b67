// One export for `npm run bench:export`, in a process of its own so that its peak memory is the
// export's: `node --import tsx scripts/bench/export-worker.ts <zip|folder|job> <projectId> <out>`.
//   zip, folder: runExport (jsonl, approved tags) with zipSink(<out>) or folderSink(<out>), timed from
//                the call: the first byte handed to the sink (onFirstByte), the end of each file, the end.
//   job:         the path of the web and API: an "Export" row is queued and runNextExport() writes
//                <TAGBENCH_EXPORT_DIR>/<id>.zip, then the row is read back.
// DATABASE_URL is the benchmark's database. The last line of stdout is the result as JSON, after
// RESULT_PREFIX (see lib/export-run.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { connectionFields } from '../../lib/db/connection'
import type { ExportSink, SinkEntry } from '../../lib/export/sinks'
import { exportRequestSchema } from '../../lib/schemas/exports'
import { RESULT_PREFIX, type WorkerResult } from './lib/export-run'

function vmHwmBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) * 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** Samples memory every 20 ms: when the peak happened, and how much of it was the JS heap. */
function memorySampler(t0: () => number) {
  let peak = { ms: 0, rss: 0, heapUsed: 0, external: 0 }
  const sample = () => {
    const m = process.memoryUsage()
    if (m.rss > peak.rss) peak = { ms: performance.now() - t0(), rss: m.rss, heapUsed: m.heapUsed, external: m.external }
  }
  const timer = setInterval(sample, 20)
  return {
    stop() {
      sample()
      clearInterval(timer)
      return peak
    },
  }
}

function folderBytes(folder: string): number {
  return readdirSync(folder).reduce((sum, f) => sum + statSync(path.join(folder, f)).size, 0)
}

/** The sink with each file's end timed. */
function timedSink(sink: ExportSink, t0: () => number, fileEnds: { name: string; ms: number }[]): ExportSink {
  const timed = (entry: SinkEntry, name: string): SinkEntry => ({
    write: (chunk) => entry.write(chunk),
    async end() {
      const written = await entry.end()
      fileEnds.push({ name, ms: performance.now() - t0() })
      return written
    },
  })
  return {
    entry: (name) => timed(sink.entry(name), name),
    ...(sink.deferred ? { deferred: (name: string) => timed(sink.deferred!(name), name) } : {}),
    close: async () => {
      await sink.close()
      fileEnds.push({ name: '(sink closed)', ms: performance.now() - t0() })
    },
    abort: () => sink.abort(),
  }
}

async function exportOnce(mode: 'zip' | 'folder', projectId: string, out: string): Promise<WorkerResult> {
  const { runExport } = await import('../../lib/export/engine')
  const { folderSink, zipSink } = await import('../../lib/export/sinks')
  const { connect, endSqlPool } = await import('../../lib/db/sql')
  // Loaded before the clock starts: the formats, the agreement code and csv-stringify. The export
  // reads through the app's own SQL layer, on one connection of its pool, as a job does.
  const client = await connect()
  try {
    const request = exportRequestSchema.parse({ format: 'jsonl', status: ['approved'] })
    const fileEnds: { name: string; ms: number }[] = []
    let t0 = 0
    // BENCH_EXPORT_ZIP_LEVEL: a deflate level other than the sink's default, for a diagnostic run.
    const level = process.env.BENCH_EXPORT_ZIP_LEVEL ? Number(process.env.BENCH_EXPORT_ZIP_LEVEL) : undefined
    const sink = timedSink(mode === 'zip' ? zipSink(out, level === undefined ? {} : { compressionLevel: level }) : folderSink(out), () => t0, fileEnds)
    let firstByteMs: number | null = null
    let startMs: number | null = null
    const rssBeforeBytes = vmHwmBytes()
    const cpu0 = process.cpuUsage()
    t0 = performance.now()
    const sampler = memorySampler(() => t0)
    const manifest = await runExport({
      client,
      projectId,
      request,
      sink,
      createdBy: { name: 'bench:export', email: '' },
      onStart: () => {
        startMs = performance.now() - t0
      },
      onFirstByte: () => {
        firstByteMs = performance.now() - t0
      },
    })
    const totalMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const peakSample = sampler.stop()
    const data = manifest.files.find((f) => f.name === 'corpus.jsonl')
    return {
      mode,
      totalMs,
      firstByteMs,
      startMs,
      fileEnds,
      documents: manifest.counts.documents,
      spans: manifest.counts.spans,
      dataBytes: data?.bytes ?? Number.NaN,
      dataSha256: data?.sha256 ?? '',
      allBytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
      outputBytes: mode === 'zip' ? statSync(out).size : folderBytes(out),
      rssBeforeBytes,
      peakRssBytes: vmHwmBytes(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      peakSample,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }
  } finally {
    client.release()
    await endSqlPool()
  }
}

async function jobOnce(projectId: string): Promise<WorkerResult> {
  const { runNextExport, exportFile } = await import('../../lib/export/jobs')
  const { db } = await import('../../lib/db/client')
  const { endSqlPool, query, sql: statement } = await import('../../lib/db/sql')
  const sql = new pg.Client(connectionFields(process.env.DATABASE_URL))
  await sql.connect()
  try {
    const request = exportRequestSchema.parse({ format: 'jsonl', status: ['approved'] })
    const manager = (await sql.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'manager@tagbench.test'`)).rows[0].id
    const id = `bench-export-job-${process.pid}-${Date.now()}`
    await sql.query(`INSERT INTO "Export" (id, "projectId", "createdById", format, request) VALUES ($1, $2, $3, 'jsonl', $4)`, [id, projectId, manager, JSON.stringify(request)])
    // Warm the two clients the job uses (Prisma's engine, the SQL pool) before the clock starts.
    await db.user.count()
    await query(statement`SELECT 1`)
    const rssBeforeBytes = vmHwmBytes()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const ran = await runNextExport()
    const totalMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    if (!ran) throw new Error('runNextExport found no queued export')
    const row = (
      await sql.query<{ status: string; error: string | null; documents: number | null; spans: number | null; fileBytes: string | null; manifest: { files: { name: string; bytes: number; sha256: string }[] } | null }>(
        `SELECT status, error, documents, spans, "fileBytes", manifest FROM "Export" WHERE id = $1`,
        [id],
      )
    ).rows[0]
    await sql.query(`DELETE FROM "Export" WHERE id = $1`, [id])
    if (row.status !== 'done') throw new Error(`the export job ended ${row.status}: ${row.error}`)
    const files = row.manifest?.files ?? []
    const data = files.find((f) => f.name === 'corpus.jsonl')
    const result: WorkerResult = {
      mode: 'job',
      totalMs,
      firstByteMs: null,
      startMs: null,
      fileEnds: [],
      documents: row.documents ?? Number.NaN,
      spans: row.spans ?? Number.NaN,
      dataBytes: data?.bytes ?? Number.NaN,
      dataSha256: data?.sha256 ?? '',
      allBytes: files.reduce((sum, f) => sum + f.bytes, 0),
      outputBytes: Number(row.fileBytes),
      rssBeforeBytes,
      peakRssBytes: vmHwmBytes(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
      jobStatus: row.status,
    }
    statSync(exportFile(id)) // the file is where the download route looks for it
    return result
  } finally {
    await sql.end()
    await db.$disconnect()
    await endSqlPool()
  }
}

const [mode, projectId, out] = process.argv.slice(2)
if ((mode !== 'zip' && mode !== 'folder' && mode !== 'job') || !projectId || (mode !== 'job' && !out)) {
  console.error('usage: export-worker.ts <zip|folder|job> <projectId> <out>')
  process.exit(2)
}
try {
  const result = mode === 'job' ? await jobOnce(projectId) : await exportOnce(mode, projectId, out)
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`)
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exitCode = 1
}
