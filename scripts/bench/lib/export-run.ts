// The two sides of `npm run bench:export`: Postgres' own COPY of the rows an export reads, and one
// export in a child process (scripts/bench/export-worker.ts), whose peak memory is its own.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'

export const RESULT_PREFIX = '@@bench-export-result '

export interface WorkerResult {
  mode: 'zip' | 'folder' | 'job'
  /** From the call of runExport (runNextExport for a job) until it resolved. */
  totalMs: number
  /** Until the first byte of data was handed to the sink (not measured for a job). */
  firstByteMs: number | null
  /** Until the snapshot's document count was known (onStart). */
  startMs: number | null
  /** Each file's end, from the call. */
  fileEnds: { name: string; ms: number }[]
  documents: number
  spans: number
  /** Uncompressed bytes and SHA-256 of the data file (corpus.jsonl), and bytes of all files, from the manifest. */
  dataBytes: number
  dataSha256: string
  allBytes: number
  /** What landed on disk: the zip, or the folder's files. */
  outputBytes: number
  /** Peak resident memory of the process (VmHWM) before the export started, and at its end, in bytes. */
  rssBeforeBytes: number
  peakRssBytes: number
  /** The same peak as process.resourceUsage().maxRSS, as a cross-check. */
  maxRssBytes: number
  /** The sample (every 20 ms) with the highest RSS: when, from the call, and the JS heap and external memory then. */
  peakSample?: { ms: number; rss: number; heapUsed: number; external: number }
  /** CPU of the process (all threads, so deflate on the thread pool too) during the export, in ms. */
  cpuMs: number
  jobStatus?: string
}

const workerScript = path.resolve('scripts', 'bench', 'export-worker.ts')

/** Children still running, for the benchmark's Ctrl-C handler. */
export const runningWorkers = new Set<ChildProcess>()

/**
 * Runs one export in a fresh Node process (`node --import tsx`, so the pid is the Node process
 * itself, not a wrapper) and returns what it measured. With `cpuProfileDir`, V8's CPU profile of
 * the whole process is written there.
 */
export function runWorker(mode: WorkerResult['mode'], projectId: string, out: string, env: NodeJS.ProcessEnv, cpuProfileDir?: string): Promise<WorkerResult> {
  const flags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, '--cpu-prof-interval=500'] : []
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', workerScript, mode, projectId, out], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  runningWorkers.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      runningWorkers.delete(child)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerResult)
      else reject(new Error(`the ${mode} export worker failed (${signal ?? `exit ${code}`}): ${(stderr || stdout).trim().slice(-2000)}`))
    })
  })
}

export interface CopyResult {
  totalMs: number
  firstByteMs: number
  bytes: number
  rows: number
}

/**
 * COPY … TO STDOUT through pg's own protocol handling: a Query whose CopyData messages are counted
 * and dropped. pg hands every CopyData message of the active query to handleCopyData (a plain
 * Query ignores them), then CommandComplete and ReadyForQuery end it as for any query. This is what
 * pg-copy-streams does, without its stream: nothing is kept, so the figure is Postgres' side plus
 * the socket and pg's message parser.
 */
class CopyToNowhere extends pg.Query {
  bytes = 0
  rows = 0
  firstAt = 0
  handleCopyData(msg: { chunk: Buffer }) {
    if (!this.firstAt) this.firstAt = performance.now()
    this.bytes += msg.chunk.length
    this.rows++ // Postgres sends one CopyData message per row
  }
}

export function copyToNowhere(client: pg.ClientBase, sql: string): Promise<CopyResult> {
  return new Promise((resolve, reject) => {
    const query = new CopyToNowhere(sql)
    const t0 = performance.now()
    query.on('error', reject)
    query.on('end', () => resolve({ totalMs: performance.now() - t0, firstByteMs: query.firstAt - t0, bytes: query.bytes, rows: query.rows }))
    client.query(query)
  })
}

/**
 * The baseline: in one statement, the rows the export's cursor reads (lib/export/engine.ts) for
 * `{ format: 'jsonl', status: ['approved'] }`: the documents of the project that hold an approved
 * tag, in the export's order, with their metadata and, per document, its approved, non-deleted
 * tags aggregated as JSON in the export's span order. Literals, not parameters: COPY takes none.
 */
export function baselineSelect(projectId: string): string {
  const p = `'${projectId.replace(/'/g, "''")}'`
  const approved = (alias: string) => `${alias}."projectId" = ${p} AND ${alias}."deletedAt" IS NULL AND ${alias}.status = 'approved'`
  return `SELECT d.id, d.title, d.text, d."textSha256", d.province, d.city, d.county, d.level, d."reportYear", d.issuer,
         to_char(d."publishedOn", 'YYYY-MM-DD') AS published, to_char(d."signedOn", 'YYYY-MM-DD') AS signed, d."sourceUrl",
         (SELECT json_agg(json_build_array(t.id, t.start, t."end", t.quote, t."labelId", t.status, t."authorId", t."reviewerId", t.source)
                 ORDER BY t.start, t."end", t.id)
            FROM "Tag" t WHERE t."documentId" = d.id AND ${approved('t')}) AS spans
  FROM "Document" d
  WHERE d."projectId" = ${p} AND EXISTS (SELECT 1 FROM "Tag" t WHERE t."documentId" = d.id AND ${approved('t')})
  ORDER BY d."reportYear" NULLS LAST, d.province NULLS LAST, d.title, d.id`
}

export const baselineSql = (projectId: string) => `COPY (\n  ${baselineSelect(projectId)}\n) TO STDOUT`

export interface CursorResult {
  totalMs: number
  rows: number
  /** CPU of this process meanwhile (pg's parsing of the rows), in ms. */
  cpuMs: number
}

/**
 * A diagnostic between COPY and the export: the same rows read the way the export reads them (a
 * cursor in a REPEATABLE READ snapshot, FETCH 50 with the next one sent ahead), each row parsed by
 * pg into JavaScript strings and objects, then dropped. What is left of the export's time beyond
 * this is its own work: building the lines, encoding, hashing, compressing, writing.
 */
export async function cursorRead(client: pg.ClientBase, projectId: string, batch = 50): Promise<CursorResult> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  let rows = 0
  try {
    await client.query(`DECLARE bench_rows NO SCROLL CURSOR FOR ${baselineSelect(projectId)}`)
    let next = client.query(`FETCH ${batch} FROM bench_rows`)
    for (;;) {
      const result = await next
      if (result.rows.length === 0) break
      next = client.query(`FETCH ${batch} FROM bench_rows`)
      rows += result.rows.length
    }
  } finally {
    await client.query('COMMIT')
  }
  const cpu = process.cpuUsage(cpu0)
  return { totalMs: performance.now() - t0, rows, cpuMs: (cpu.user + cpu.system) / 1000 }
}
