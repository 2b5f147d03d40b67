// npm run bench:export: how fast the corpus export is on a project of 2,000 reports of 10,000 code
// points and 100,000 approved tags, against Postgres' own COPY of the same rows, in the same run.
//
//   1. a throw-away embedded Postgres (.data/bench-export-postgres, port TAGBENCH_PG_PORT or 54369),
//      the demo seed and the generated data (scripts/bench/lib/export-data.ts), inserted with SQL.
//      The database is kept between runs and reused when it holds exactly that data;
//   2. one unmeasured round to warm the caches, then BENCH_EXPORT_ROUNDS (default 3) rounds, each
//      with, in a rotating order:
//      - COPY (SELECT <the rows the export's cursor reads>) TO STDOUT through pg, output counted
//        and dropped (lib/export-run.ts, baselineSql);
//      - the export, jsonl of the approved tags, with zipSink (what the web and API jobs write);
//      - the same with folderSink (what the CLI writes, no compression);
//      each export in a fresh child process (scripts/bench/export-worker.ts) so that its peak
//      resident memory (VmHWM) is the export's own;
//   3. once, the job path: an "Export" row queued and runNextExport() (lib/export/jobs.ts);
//   4. with BENCH_EXPORT_PROFILE=1, one more zip export under V8's CPU profiler, summarised.
// It prints the table with the targets, writes it into BENCHMARKS.md between the bench:export
// marks, removes its temporary files, stops Postgres (also on error or Ctrl-C) and exits 0: a miss
// is a figure. It exits 1 when the setup or a measurement could not run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { dataDir } from '../../lib/config/data-dir'
import { onShutdown } from '../lib/process'
import { cpuSnapshot } from './lib/cpu'
import { APPROVED_PER_DOCUMENT, CODE_POINTS, DOCUMENTS, prepareExportDatabase } from './lib/export-data'
import { baselineSql, copyToNowhere, cursorRead, runningWorkers, runWorker, type CopyResult, type CursorResult, type WorkerResult } from './lib/export-run'
import { summarizeCpuProfile } from './lib/profile'
import { writeBenchmarkFigures } from './lib/benchmarks-file'
import { outputDir } from './lib/setup'
import { markdownTable, median, ms, table } from './lib/stats'

const env = z
  .object({
    BENCH_EXPORT_ROUNDS: z.coerce.number().int().min(1).max(20).default(3),
    // 0: skip the job path (runNextExport), which loads Prisma besides the export.
    BENCH_EXPORT_JOB: z.enum(['0', '1']).default('1'),
    // 1: one more zip export under V8's CPU profiler, summarised in the report.
    BENCH_EXPORT_PROFILE: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env)

const DEMO_PASSWORD = 'tagbench-bench-password'
const PG_FOLDER = 'bench-export-postgres'
const PG_PORT = 54369
const DB_NAME = 'tagbench_bench_export'
const RATIO_TARGET = 0.5
const RSS_TARGET_BYTES = 300 * 1024 * 1024
const TTFB_TARGET_MS = 1_000
const MB = 1024 * 1024
/** The deflate level of the diagnostic zip runs (the sink's default is 6). */
const FAST_LEVEL = 1

// ── Cleanup: everything started is stopped once, whatever happens ────────────────────────────
const cleanups: (() => Promise<void>)[] = []
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`))
}
onShutdown(cleanup, () => [...runningWorkers])

const started = new Date()
const loadAtStart = os.loadavg()
const log = (line: string) => console.log(line)
const section = (name: string) => console.log(`\n━━ ${name}`)
const clusterDir = () => path.join(dataDir(), PG_FOLDER, 'cluster')
const postgresCpuMs = () => cpuSnapshot(undefined, clusterDir())?.postgres ?? Number.NaN

interface Measured<T> {
  value: T
  /** CPU Postgres used meanwhile (all backends), in ms. */
  postgresCpuMs: number
  /** Wall clock of the whole step, process start included for an export, in ms. */
  wallMs: number
}

interface Round {
  copy: Measured<CopyResult & { benchCpuMs: number }>
  cursor: Measured<CursorResult>
  zip: Measured<WorkerResult>
  folder: Measured<WorkerResult>
  /** Diagnostic: the zip with deflate level FAST_LEVEL instead of the sink's default. */
  zipFast: Measured<WorkerResult>
}

interface Results {
  notes: string[]
  reused: boolean
  rounds: Round[]
  job?: Measured<WorkerResult>
  profile?: { file: string; lines: string[] }
  checks: string[]
  errors: string[]
}

async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const pg0 = postgresCpuMs()
  const t0 = performance.now()
  const value = await work()
  return { value, wallMs: performance.now() - t0, postgresCpuMs: postgresCpuMs() - pg0 }
}

async function copyOnce(client: pg.Client, sql: string): Promise<CopyResult & { benchCpuMs: number }> {
  const cpu0 = process.cpuUsage()
  const result = await copyToNowhere(client, sql)
  const cpu = process.cpuUsage(cpu0)
  return { ...result, benchCpuMs: (cpu.user + cpu.system) / 1000 }
}

/** One export in a child process; its output is removed afterwards. */
async function exportOnce(mode: 'zip' | 'folder', projectId: string, tmp: string, childEnv: NodeJS.ProcessEnv, profileDir?: string): Promise<WorkerResult> {
  // (BENCH_EXPORT_ZIP_LEVEL in childEnv sets another deflate level, see export-worker.ts.)
  const out = path.join(tmp, mode === 'zip' ? `export-${Date.now()}.zip` : `export-${Date.now()}`)
  try {
    return await runWorker(mode, projectId, out, childEnv, profileDir)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

function checkExport(r: WorkerResult, results: Results, expectedSha: { value: string | null }) {
  const problems: string[] = []
  if (r.documents !== DOCUMENTS) problems.push(`${r.documents} documents instead of ${DOCUMENTS}`)
  if (r.spans !== DOCUMENTS * APPROVED_PER_DOCUMENT) problems.push(`${r.spans} spans instead of ${DOCUMENTS * APPROVED_PER_DOCUMENT}`)
  if (expectedSha.value === null) expectedSha.value = r.dataSha256
  else if (r.dataSha256 !== expectedSha.value) problems.push(`corpus.jsonl differs between runs (sha256 ${r.dataSha256} against ${expectedSha.value})`)
  if (problems.length) throw new Error(`the ${r.mode} export is not what was asked: ${problems.join('; ')}`)
}

const describeExport = (r: WorkerResult) =>
  `${ms(r.totalMs)}, first byte ${ms(r.firstByteMs ?? Number.NaN)}, ${(r.dataBytes / MB).toFixed(1)} MB corpus.jsonl → ${(r.outputBytes / MB).toFixed(1)} MB on disk, ` +
  `peak RSS ${(r.peakRssBytes / MB).toFixed(0)} MB (${(r.rssBeforeBytes / MB).toFixed(0)} MB before${r.peakSample ? `; highest sample at ${ms(r.peakSample.ms)} with ${(r.peakSample.heapUsed / MB).toFixed(0)} MB of JS heap in use and ${(r.peakSample.external / MB).toFixed(0)} MB external` : ''}), CPU ${ms(r.cpuMs)}; files done at ${r.fileEnds.map((f) => `${f.name} ${ms(f.ms)}`).join(', ')}`

// ── Main ────────────────────────────────────────────────────────────────────────────────────
async function measure(results: Results) {
  section('Setup')
  const setup = await prepareExportDatabase({ name: DB_NAME, folder: PG_FOLDER, port: PG_PORT, demoPassword: DEMO_PASSWORD, log })
  cleanups.push(() => setup.database.stop())
  results.notes.push(...setup.notes)
  results.reused = setup.reused
  const client = new pg.Client({ connectionString: setup.url })
  await client.connect()
  client.on('error', () => undefined)
  cleanups.push(() => client.end())
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tagbench-bench-export-'))
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }))
  const childEnv = { ...process.env, DATABASE_URL: setup.url, TAGBENCH_EXPORT_DIR: path.join(tmp, 'jobs') }
  const sql = baselineSql(setup.projectId)
  const expectedSha = { value: null as string | null }

  section('Warm-up (not measured): COPY, zip export')
  const warmCopy = await copyOnce(client, sql)
  if (warmCopy.rows !== DOCUMENTS) throw new Error(`COPY wrote ${warmCopy.rows} rows instead of ${DOCUMENTS}`)
  log(`COPY: ${ms(warmCopy.totalMs)}, ${(warmCopy.bytes / MB).toFixed(1)} MB, ${warmCopy.rows} rows`)
  const warmZip = await exportOnce('zip', setup.projectId, tmp, childEnv)
  checkExport(warmZip, results, expectedSha)
  log(`zip export: ${describeExport(warmZip)}`)

  const steps = ['copy', 'zip', 'folder', 'cursor', 'zipFast'] as const
  for (let r = 0; r < env.BENCH_EXPORT_ROUNDS; r++) {
    // A rotating order, so that no side always runs first (or right after the other).
    const order = steps.map((_, k) => steps[(k + r) % steps.length])
    section(`Round ${r + 1} of ${env.BENCH_EXPORT_ROUNDS}: ${order.join(', ')}`)
    const round: Partial<Round> = {}
    for (const step of order) {
      if (step === 'copy') {
        round.copy = await measured(() => copyOnce(client, sql))
        log(`COPY: ${ms(round.copy.value.totalMs)}, first byte ${ms(round.copy.value.firstByteMs)}, ${(round.copy.value.bytes / MB).toFixed(1)} MB; Postgres CPU ${ms(round.copy.postgresCpuMs)}`)
      } else if (step === 'cursor') {
        round.cursor = await measured(() => cursorRead(client, setup.projectId))
        if (round.cursor.value.rows !== DOCUMENTS) throw new Error(`the cursor read ${round.cursor.value.rows} rows instead of ${DOCUMENTS}`)
        log(`cursor read: ${ms(round.cursor.value.totalMs)}, Node CPU ${ms(round.cursor.value.cpuMs)}; Postgres CPU ${ms(round.cursor.postgresCpuMs)}`)
      } else {
        const fast = step === 'zipFast'
        const m = await measured(() => exportOnce(fast ? 'zip' : step, setup.projectId, tmp, fast ? { ...childEnv, BENCH_EXPORT_ZIP_LEVEL: String(FAST_LEVEL) } : childEnv))
        checkExport(m.value, results, expectedSha)
        round[step] = m
        log(`${fast ? `zip export, deflate level ${FAST_LEVEL}` : `${step} export`}: ${describeExport(m.value)}; Postgres CPU ${ms(m.postgresCpuMs)}`)
      }
    }
    results.rounds.push(round as Round)
  }

  if (env.BENCH_EXPORT_JOB === '1') {
    section('The job path: an "Export" row and runNextExport()')
    const job = await measured(() => runWorker('job', setup.projectId, '-', childEnv))
    checkExport(job.value, results, expectedSha)
    results.job = job
    log(`job: ${ms(job.value.totalMs)}, ${(job.value.outputBytes / MB).toFixed(1)} MB zip, peak RSS ${(job.value.peakRssBytes / MB).toFixed(0)} MB (${(job.value.rssBeforeBytes / MB).toFixed(0)} MB before); Postgres CPU ${ms(job.postgresCpuMs)}`)
  }

  if (env.BENCH_EXPORT_PROFILE === '1') {
    section('CPU profile of one zip export')
    const dir = path.join(outputDir(), 'export-profile')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const r = await exportOnce('zip', setup.projectId, tmp, childEnv, dir)
    log(`zip export under the profiler: ${describeExport(r)}`)
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
    if (!file) throw new Error(`no CPU profile in ${dir}`)
    const summary = summarizeCpuProfile(path.join(dir, file), { fromUs: 0, toUs: Number.MAX_SAFE_INTEGER })
    const lines = [
      `CPU profile of the export process (main thread only; deflate runs on the thread pool): ${ms(summary.sampledMs)} of samples`,
      `  by package (self): ${summary.byScript.map(([c, v]) => `${c} ${ms(v)}`).join(', ')}`,
      '  top functions, self time:',
      ...summary.selfJs.slice(0, 15).map((f) => `    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`),
      '  top functions, total time:',
      ...summary.totalJs.slice(0, 15).map((f) => `    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`),
    ]
    results.profile = { file: path.join(dir, file), lines }
    for (const line of lines) log(line)
  }
  results.checks.push(
    `every export held ${DOCUMENTS.toLocaleString('en')} documents and ${(DOCUMENTS * APPROVED_PER_DOCUMENT).toLocaleString('en')} spans, and its corpus.jsonl had the same SHA-256 (${expectedSha.value?.slice(0, 12)}…) in zip, folder and job runs`,
  )
}

// ── The report ──────────────────────────────────────────────────────────────────────────────
type Row = [string, string, string, string, string]
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const mbps = (bytes: number, msValue: number) => `${(bytes / MB / (msValue / 1000)).toFixed(1)} MB/s`
const range = (values: number[], format: (v: number) => string) =>
  values.length > 1 ? `${format(median(values))} (${format(Math.min(...values)).replace(/ .*/, '')}–${format(Math.max(...values))})` : format(values[0])
const msf = (v: number) => ms(v)
const mbf = (v: number) => `${(v / MB).toFixed(0)} MB`

function figureRows(r: Results): Row[] {
  const rows: Row[] = []
  if (!r.rounds.length) return rows
  const n = r.rounds.length
  const copy = r.rounds.map((x) => x.copy.value)
  const copyMs = median(copy.map((c) => c.totalMs))
  const dataBytes = r.rounds[0].zip.value.dataBytes
  /** COPY time ÷ this run's time, per round (both in the same round) and of the medians. */
  const ratios = (pick: (x: Round) => number) => {
    const ofMedians = copyMs / median(r.rounds.map(pick))
    return { ofMedians, text: `${ofMedians.toFixed(2)} (per round ${r.rounds.map((x) => (x.copy.value.totalMs / pick(x)).toFixed(2)).join(', ')})` }
  }
  const firstByte = (list: WorkerResult[]) => median(list.map((x) => x.firstByteMs ?? Number.NaN))
  const peak = (list: WorkerResult[]) => Math.max(...list.map((x) => x.peakRssBytes))
  const title = `${DOCUMENTS.toLocaleString('en')} reports × ${CODE_POINTS.toLocaleString('en')} cp, ${(DOCUMENTS * APPROVED_PER_DOCUMENT).toLocaleString('en')} approved tags`
  rows.push([title, `COPY (SELECT …) TO STDOUT through pg, median of ${n}`, `${range(copy.map((c) => c.totalMs), msf)}; ${(copy[0].bytes / MB).toFixed(1)} MB, ${mbps(copy[0].bytes, copyMs)}; first byte ${ms(median(copy.map((c) => c.firstByteMs)))}`, '', '—'])
  const cursor = ratios((x) => x.cursor.value.totalMs)
  rows.push(['', '  the same rows through a cursor, parsed by pg and dropped (diagnostic)', `${range(r.rounds.map((x) => x.cursor.value.totalMs), msf)}; COPY ÷ this ${cursor.text}`, '(diagnostic)', '—'])

  const zip = r.rounds.map((x) => x.zip.value)
  const zipRatio = ratios((x) => x.zip.value.totalMs)
  rows.push(['', `jsonl export, zip (runExport + zipSink, as the job writes it), median of ${n}`, `${range(zip.map((z) => z.totalMs), msf)}; corpus.jsonl ${(dataBytes / MB).toFixed(1)} MB at ${mbps(dataBytes, median(zip.map((z) => z.totalMs)))}`, '', '—'])
  rows.push(['', '  export throughput ÷ COPY throughput (COPY time ÷ export time)', zipRatio.text, `≥ ${RATIO_TARGET}`, verdict(zipRatio.ofMedians >= RATIO_TARGET)])
  rows.push(['', '  time to first byte (runExport called → onFirstByte)', range(zip.map((z) => z.firstByteMs ?? Number.NaN), msf), `< ${TTFB_TARGET_MS} ms`, verdict(firstByte(zip) < TTFB_TARGET_MS)])
  rows.push(['', '  peak RSS of the export process (VmHWM; max of the runs)', `${mbf(peak(zip))}; median ${range(zip.map((z) => z.peakRssBytes), mbf)}; ${mbf(median(zip.map((z) => z.rssBeforeBytes)))} before runExport`, `< ${RSS_TARGET_BYTES / MB} MB`, verdict(peak(zip) < RSS_TARGET_BYTES)])
  rows.push(['', '  zip / all files uncompressed', `${(zip[0].outputBytes / MB).toFixed(1)} MB / ${(zip[0].allBytes / MB).toFixed(1)} MB (${((100 * zip[0].outputBytes) / zip[0].allBytes).toFixed(0)} %)`, '', '—'])

  const folder = r.rounds.map((x) => x.folder.value)
  const folderMs = median(folder.map((f) => f.totalMs))
  const folderRatio = ratios((x) => x.folder.value.totalMs)
  rows.push(['', `jsonl export, folder (runExport + folderSink, as the CLI writes it), median of ${n}`, `${range(folder.map((f) => f.totalMs), msf)}; ${mbps(dataBytes, folderMs)}`, '', '—'])
  rows.push(['', '  export throughput ÷ COPY throughput', folderRatio.text, `≥ ${RATIO_TARGET}`, verdict(folderRatio.ofMedians >= RATIO_TARGET)])
  rows.push(['', '  time to first byte / peak RSS', `${range(folder.map((f) => f.firstByteMs ?? Number.NaN), msf)} / ${mbf(peak(folder))}`, `< ${TTFB_TARGET_MS} ms / < ${RSS_TARGET_BYTES / MB} MB`, verdict(firstByte(folder) < TTFB_TARGET_MS && peak(folder) < RSS_TARGET_BYTES)])
  const zipMs = median(zip.map((z) => z.totalMs))
  rows.push(['', '  what compression costs (zip − folder, medians)', `${ms(zipMs - folderMs)} (${((100 * (zipMs - folderMs)) / zipMs).toFixed(0)} % of the zip export); CPU ${ms(median(zip.map((z) => z.cpuMs)) - median(folder.map((f) => f.cpuMs)))}`, '', '—'])

  const fast = r.rounds.map((x) => x.zipFast.value)
  const fastRatio = ratios((x) => x.zipFast.value.totalMs)
  rows.push(['', `diagnostic: zip at deflate level ${FAST_LEVEL} (the sink's default is 6), median of ${n}`, `${range(fast.map((z) => z.totalMs), msf)}; COPY ÷ this ${fastRatio.text}; ${(fast[0].outputBytes / MB).toFixed(1)} MB zip (+${((100 * (fast[0].outputBytes - zip[0].outputBytes)) / zip[0].outputBytes).toFixed(0)} %)`, '(diagnostic)', '—'])
  if (r.job) {
    const j = r.job.value
    rows.push(['job path', 'Export row → runNextExport() → <id>.zip, once', `${ms(j.totalMs)}; ${mbps(dataBytes, j.totalMs)}; COPY ÷ this ${(copyMs / j.totalMs).toFixed(2)}`, '', '—'])
    rows.push(['', '  peak RSS, with Prisma and the pg pool loaded (diagnostic)', `${mbf(j.peakRssBytes)}; ${mbf(j.rssBeforeBytes)} before the job, so the export added ${mbf(j.peakRssBytes - j.rssBeforeBytes)}`, '(diagnostic)', '—'])
  }
  return rows
}

/** Where the export's time goes: per file, from the median zip and folder runs. */
function phaseRows(r: Results): string[][] {
  const rows: string[][] = []
  for (const mode of ['zip', 'folder'] as const) {
    const runs = r.rounds.map((x) => x[mode].value)
    if (!runs.length) continue
    const at = (name: string) => median(runs.map((x) => x.fileEnds.find((f) => f.name === name)?.ms ?? Number.NaN))
    const marks: [string, number][] = [
      ['snapshot, taxonomy, users, document list (onStart)', median(runs.map((x) => x.startMs ?? Number.NaN))],
      ['corpus.jsonl written (spans.csv in the same pass)', at('corpus.jsonl')],
      ['spans.csv written', at('spans.csv')],
      ['agreement figures, README.md written', at('README.md')],
      ['manifest.json written', at('manifest.json')],
      ['sink closed (zip flushed)', at('(sink closed)')],
      ['runExport resolved', median(runs.map((x) => x.totalMs))],
    ]
    let previous = 0
    for (const [name, value] of marks) {
      rows.push([rows.length === 0 || name.startsWith('snapshot') ? mode : '', name, ms(value), ms(value - previous)])
      previous = value
    }
  }
  return rows
}

function cpuRows(r: Results): string[][] {
  if (!r.rounds.length) return []
  const med = (f: (x: Round) => number) => ms(median(r.rounds.map(f)))
  return [
    ['COPY', med((x) => x.copy.postgresCpuMs), med((x) => x.copy.value.benchCpuMs)],
    ['cursor read (diagnostic)', med((x) => x.cursor.postgresCpuMs), med((x) => x.cursor.value.cpuMs)],
    ['zip export', med((x) => x.zip.postgresCpuMs), med((x) => x.zip.value.cpuMs)],
    ['folder export', med((x) => x.folder.postgresCpuMs), med((x) => x.folder.value.cpuMs)],
    [`zip export, deflate level ${FAST_LEVEL} (diagnostic)`, med((x) => x.zipFast.postgresCpuMs), med((x) => x.zipFast.value.cpuMs)],
  ]
}

function machine(): string {
  const model = os.cpus()[0]?.model ?? 'unknown CPU'
  return (
    `${os.cpus().length} cores (nproc ${os.availableParallelism()}), ${model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM; Node ${process.version}; ` +
    `load average ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at the start and ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} at the end`
  )
}

function command(): string {
  const set = ['TAGBENCH_PG_PORT', 'BENCH_EXPORT_ROUNDS', 'BENCH_EXPORT_JOB', 'BENCH_EXPORT_PROFILE'].filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]} `)
  return `${set.join('')}npm run bench:export`
}

function writeBenchmarks(block: string) {
  log(`Figures written into ${writeBenchmarkFigures('export', 'Export', block)}`)
}

function report(r: Results) {
  section('Results')
  const header = ['workload', 'figure', 'measured', 'target', 'result']
  const rows = figureRows(r)
  const phaseHeader = ['sink', 'step (from the call of runExport)', 'done at', 'step took']
  const phases = phaseRows(r)
  const cpuHeader = ['run (median)', 'Postgres CPU', 'Node CPU (COPY: this script; export: the worker, all threads)']
  const cpu = cpuRows(r)
  const duration = ((Date.now() - started.getTime()) / 1000).toFixed(0)
  console.log(table(header, rows))
  if (phases.length) console.log(`\nWhere the export's time goes (medians):\n${table(phaseHeader, phases)}`)
  if (cpu.length) console.log(`\nCPU per run, from /proc and process.cpuUsage():\n${table(cpuHeader, cpu)}`)
  console.log(`\nData: ${r.notes.join('; ')}${r.reused ? ' (database reused from an earlier run)' : ''}`)
  if (r.checks.length) console.log(`Checks: ${r.checks.join('; ')}`)
  console.log(`Machine: ${machine()}`)
  console.log(`Run: ${started.toISOString()}, ${duration} s`)
  for (const error of r.errors) console.error(`\nNOT MEASURED: ${error}`)
  const misses = rows.filter((x) => x[4] === 'MISS')
  console.log(`\n${rows.filter((x) => x[4] === 'PASS').length} pass, ${misses.length} miss${r.errors.length ? `, ${r.errors.length} phase(s) not measured` : ''}`)
  if (!rows.length) return

  const stamp = `${started.toISOString().slice(0, 10)}, ${started.toISOString().slice(11, 16)} UTC`
  const block = [
    `### Figures — ${stamp}`,
    '',
    '```',
    command(),
    '```',
    '',
    `Machine: ${machine()}. The run took ${duration} s${r.reused ? ' (the seeded database was reused)' : ''}.`,
    '',
    `Data: ${r.notes.join('; ')}. Checks: ${r.checks.join('; ')}.`,
    '',
    markdownTable(header, rows),
    '',
    "Where the export's time goes (medians; the end of each file as the sink saw it):",
    '',
    markdownTable(phaseHeader, phases),
    '',
    'CPU per run (medians), from `/proc` for Postgres and `process.cpuUsage()` for Node:',
    '',
    markdownTable(cpuHeader, cpu),
    ...(r.profile ? ['', '```', ...r.profile.lines, '```'] : []),
    ...(r.errors.length ? ['', ...r.errors.map((e) => `NOT MEASURED: ${e}`)] : []),
  ].join('\n')
  mkdirSync(outputDir(), { recursive: true })
  writeFileSync(path.join(outputDir(), 'export.md'), `${block}\n`)
  writeFileSync(path.join(outputDir(), 'export.json'), JSON.stringify({ started, ...r }, null, 1))
  console.log(`Markdown: ${path.join(outputDir(), 'export.md')}; raw figures: ${path.join(outputDir(), 'export.json')}`)
  writeBenchmarks(block)
}

async function main(): Promise<number> {
  const results: Results = { notes: [], reused: false, rounds: [], checks: [], errors: [] }
  try {
    await measure(results)
  } catch (error) {
    results.errors.push(error instanceof Error ? error.message : String(error))
    console.error(`\nFailed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  }
  report(results)
  return results.errors.length ? 1 : 0
}

if (!existsSync('package.json')) {
  console.error('Run this from the repository root (npm run bench:export).')
  process.exit(2)
}
const code = await main()
await cleanup()
process.exit(code)
