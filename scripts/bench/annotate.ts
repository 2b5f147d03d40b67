// npm run bench:annotate: how fast the annotation workbench is on a long, densely tagged report.
//
//   1. a throw-away embedded Postgres (.data/bench-postgres, port TAGBENCH_PG_PORT or 54349), the
//      demo seed, and the production build under `next start` on BENCH_PORT (default 3207);
//   2. a synthetic report of 200,000 code points with 2,000 tags, and 300 tags on the longest demo
//      report, all by annotator1 (blind mode shows an annotator only their own tags);
//   3. headless Chromium: load → every tag drawn, JS heap, tags in the DOM, new-tag paint,
//      scrolling; then traced runs (Chromium's tracing with V8 samples) that say where time goes;
//      interleaved with each load, the peer (Recogito's text annotator, lib/peer.ts) on the same
//      text and tags, and the floor (the sign-in page's navigation → hydrated);
//   4. tag writes through the REST API against plain INSERTs, 32 clients each, with the CPU time
//      the server, Postgres and this script spent per write (from /proc).
// It prints a table with the targets and PASS/MISS, stops what it started (also on error or Ctrl-C)
// and exits 0: a miss is a figure. It exits 1 only when the setup or a measurement could not run.
// BENCH_PROFILE_SERVER=1 also runs the server under V8's CPU profiler and summarises it per phase.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from '@playwright/test'
import pg from 'pg'
import { z } from 'zod'
import { loadActor } from '../../lib/auth/actor'
import { newToken } from '../../lib/auth/tokens'
import { dataDir } from '../../lib/config/data-dir'
import { db } from '../../lib/db/client'
import { endSqlPool } from '../../lib/db/sql'
import { createDocument } from '../../lib/services/documents'
import type { Database } from '../lib/database'
import { onShutdown } from '../lib/process'
import { measurePeer, PEER_PACKAGE, peerFiles, servePeer, type PeerRun } from './lib/peer'
import { launch, measureHydration, measureLoad, measureNewTags, measureScroll, signIn, traceLoad, traceNewTag, traceScroll, type LoadRun, type ScrollRun } from './lib/browser'
import { chooseSpans, countBadQuotes, demoBodies, demoIds, insertTags, overlapShare, syntheticReport, visibleTagCount, type DemoIds } from './lib/corpus'
import { cpuDelta, cpuSnapshot, type CpuSnapshot } from './lib/cpu'
import { monotonicUs, summarizeCpuProfile, type JsSummary } from './lib/profile'
import { outputDir, startDatabase, startServer, type Server } from './lib/setup'
import { markdownTable, mb, mean, median, ms, p95, spread, table } from './lib/stats'
import { lastEventDispatchUs, navigationStartUs, parseTrace, summarizeTrace, type TraceSummary } from './lib/trace'
import { getLive, insertTagsPlain, postTags, tagCount, tagSpecs, type WriteRun } from './lib/writes'

const env = z
  .object({
    BENCH_PORT: z.coerce.number().int().min(1024).max(65535).default(3207),
    // 1: the server runs under V8's CPU profiler (a little slower) and the report says where the
    // server's time goes while serving the pages and the API writes.
    BENCH_PROFILE_SERVER: z.enum(['0', '1']).default('0'),
    // load: only the page loads (Tagbench and the peer), the new tags and the chunk sizes; no
    // scrolling, traces or writes (a quicker before/after comparison of the loading work).
    BENCH_ONLY: z.enum(['all', 'load']).default('all'),
  })
  .parse(process.env)

const DEMO_PASSWORD = 'tagbench-bench-password'
const ANNOTATOR = 'annotator1@tagbench.test'
const LONG_LENGTH = 200_000
const LONG_TAGS = 2_000
const DEMO_TAGS = 300
const LOAD_RUNS = 5
const NEW_TAGS = 10
const WRITES = 1_600
const WARMUP_WRITES = 64
const CONCURRENCY = 32
const SHORT_WRITES = 400

interface Doc {
  key: 'long' | 'demo'
  name: string
  id: string
  text: string
  /** The tags put on it (code points), also given to the peer. */
  spans: { start: number; end: number }[]
  targets: { dataToPainted: number; navToPainted: number }
}

interface Results {
  loads: Map<string, LoadRun[]>
  /** Recogito's text annotator on the same text and tags, loads interleaved with Tagbench's. */
  peer: Map<string, PeerRun[]>
  peerVersion?: string
  /** The floor: the app's smallest page (sign-in, signed out), navigation → hydrated. */
  floorPage?: { navToHydrated: number; navToFirstPaint: number; scriptBytes: number }[]
  expectedTags: Map<string, number>
  newTags: Map<string, number[]>
  newTagsSaved: Map<string, number>
  scroll?: ScrollRun
  /** The same scroll with the pointer over the page margin, where no tag passes under it. */
  scrollMargin?: ScrollRun
  traces: { title: string; file: string; summary: TraceSummary }[]
  /** Monotonic-clock windows of the phases, to cut the server's CPU profile. */
  windows: Map<string, { fromUs: number; toUs: number }>
  serverProfiles: { title: string; summary: JsSummary }[]
  /** CPU time per unit of work (a page load, a write) of the server, Postgres and the benchmark. */
  cpu: { title: string; perUnit: CpuSnapshot; units: number }[]
  api?: WriteRun
  apiStored?: number
  insert?: WriteRun
  insertStored?: number
  /** The floor: GET /api/health/live (Next.js, no database) from the same clients. */
  floor?: WriteRun
  /** Diagnostic: the same API writes on the short demo report (the long text's cost per write). */
  apiShort?: WriteRun
  errors: string[]
}

// ── Cleanup: everything started is stopped once, whatever happens ────────────────────────────
const cleanups: (() => Promise<void>)[] = []
let server: Server | undefined
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`))
}
onShutdown(cleanup, () => (server ? [server.child] : []))

const started = new Date()
const loadAtStart = os.loadavg()
const log = (line: string) => console.log(line)
const section = (name: string) => console.log(`\n━━ ${name}`)
const clusterDir = () => path.join(dataDir(), 'bench-postgres', 'cluster')

/**
 * Runs a phase and notes its monotonic-clock window (to cut the server's CPU profile) and the CPU
 * time the server, Postgres and this script used per unit of its work.
 */
async function accounted<T>(results: Results, title: string, units: number, work: () => Promise<T>): Promise<T> {
  const fromUs = monotonicUs()
  const before = cpuSnapshot(server?.child.pid, clusterDir())
  const value = await work()
  const used = cpuDelta(before, cpuSnapshot(server?.child.pid, clusterDir()))
  results.windows.set(title, { fromUs, toUs: monotonicUs() })
  if (used) results.cpu.push({ title, units, perUnit: { server: used.server / units, postgres: used.postgres / units, bench: used.bench / units } })
  return value
}

// ── 1 and 2: database, data, server ─────────────────────────────────────────────────────────
async function setup(): Promise<{ sql: pg.Pool; ids: DemoIds; docs: Doc[]; server: Server }> {
  section('Setup')
  process.env.AUTH_SECRET = 'bench-secret-only-for-npm-run-bench-annotate-0123456789'
  process.env.DEMO_PASSWORD = DEMO_PASSWORD
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  const database: Database = await startDatabase({ name: 'tagbench_bench', folder: 'bench-postgres', defaultPort: 54349, demoPassword: DEMO_PASSWORD })
  cleanups.push(() => database.stop())
  cleanups.push(() => db.$disconnect())
  cleanups.push(() => endSqlPool())
  const sql = new pg.Pool({ connectionString: database.url, max: 4 })
  // An idle connection reports an error when Postgres stops at the end; that is expected.
  sql.on('error', () => undefined)
  cleanups.push(() => sql.end())

  const ids = await demoIds(sql)
  const docs = await prepareDocuments(sql, ids)
  const s = await startServer(env.BENCH_PORT, { ...process.env }, env.BENCH_PROFILE_SERVER === '1' ? serverProfileDir() : undefined)
  server = s
  cleanups.push(() => s.stop())
  log(`App ready at ${s.baseURL} (log: ${s.logFile})`)
  return { sql, ids, docs, server: s }
}

/** The synthetic 200k report (imported through the service, as an import would) and the demo report, with their tags. */
async function prepareDocuments(sql: pg.Pool, ids: DemoIds): Promise<Doc[]> {
  const bodies = await demoBodies()
  const manager = await loadActor(ids.managerId, 'session')
  if (!manager) throw new Error('The demo manager could not be loaded.')
  const text = syntheticReport(bodies.map((b) => b.text), LONG_LENGTH)
  const created = await createDocument(manager, {
    projectId: ids.projectId,
    title: '基准测试：二十万字合成报告（五篇示例报告重复）',
    text,
    meta: { original_file_name: 'bench-200k.txt', report_year: 2024 },
  })
  const { rows } = await sql.query<{ id: string; text: string }>(`SELECT id, text FROM "Document" WHERE "projectId" = $1 AND "originalFileName" LIKE '000\\_%'`, [ids.projectId])
  if (rows.length !== 1) throw new Error('The longest demo report (000_…) is not in the database.')
  const docs: Doc[] = [
    { key: 'long', name: `synthetic ${created.length.toLocaleString('en')} cp / ${LONG_TAGS} tags`, id: created.id, text, spans: [], targets: { dataToPainted: 500, navToPainted: 1000 } },
    { key: 'demo', name: `demo 000_ ${Array.from(rows[0].text).length.toLocaleString('en')} cp / ${DEMO_TAGS} tags`, id: rows[0].id, text: rows[0].text, spans: [], targets: { dataToPainted: 200, navToPainted: 500 } },
  ]
  for (const [doc, count] of [
    [docs[0], LONG_TAGS],
    [docs[1], DEMO_TAGS],
  ] as const) {
    const t0 = Date.now()
    const spans = chooseSpans(doc.text, count)
    doc.spans = spans
    await insertTags(sql, ids, doc.id, doc.text, spans)
    const t1 = Date.now()
    const bad = await countBadQuotes(sql, doc.id)
    if (bad > 0) throw new Error(`${bad} benchmark tags on ${doc.name} do not match the text (quote/prefix/suffix): the generator is wrong.`)
    log(
      `${doc.name}: ${spans.length} tags inserted in ${t1 - t0} ms, ${(overlapShare(spans) * 100).toFixed(0)} % overlap another tag; ` +
        `quote, prefix and suffix checked against Postgres' characters in ${Date.now() - t1} ms`,
    )
  }
  return docs
}

// ── 3: the browser ──────────────────────────────────────────────────────────────────────────
async function browserPhase(base: string, sql: pg.Pool, ids: DemoIds, docs: Doc[], results: Results, chromium: { version?: string }) {
  section('Browser (headless Chromium)')
  const { browser, context } = await launch(base)
  cleanups.push(() => browser.close())
  chromium.version = browser.version()
  await signIn(context, ANNOTATOR, DEMO_PASSWORD)

  // The peer's pages (same text, same tags), if the package is installed; otherwise said once.
  const peerUrls = new Map<string, string>()
  try {
    results.peerVersion = peerFiles().version
    for (const doc of docs) peerUrls.set(doc.key, await servePeer(context, doc.text, doc.spans, doc.key))
  } catch (error) {
    results.errors.push(`peer (${PEER_PACKAGE}): ${error instanceof Error ? error.message : String(error)}`)
  }

  // One unmeasured load each: the first request of a route pays for server-side warm-up.
  for (const doc of docs) {
    await measureLoad(context, doc.id)
    const peerUrl = peerUrls.get(doc.key)
    if (peerUrl) await measurePeer(context, peerUrl)
  }

  for (const doc of docs) {
    results.expectedTags.set(doc.key, await visibleTagCount(sql, doc.id, ids.annotatorId))
    const runs: LoadRun[] = []
    const peerRuns: PeerRun[] = []
    const peerUrl = peerUrls.get(doc.key)
    await accounted(results, `page load of the ${doc.name} report`, LOAD_RUNS, async () => {
      for (let i = 0; i < LOAD_RUNS; i++) {
        const run = await measureLoad(context, doc.id)
        runs.push(run)
        log(
          `${doc.name} load ${i + 1}: navigation→first paint ${ms(run.navToFirstPaint)} (${run.tagsInHtml} tags in the HTML), data→editor painted ${ms(run.dataToPainted)}, navigation→editor ready ${ms(run.navToPainted)} ` +
            `(TTFB ${ms(run.ttfb)}, HTML done ${ms(run.responseEnd)}, ${mb(run.htmlBytes)}), heap ${mb(run.heapBytes)}, tags in DOM ${run.tagsInDom}/${run.tagsReceived}`,
        )
        // The peer right after, on the same machine state (interleaved, so that load swings hit both).
        if (peerUrl) {
          const peer = await measurePeer(context, peerUrl)
          peerRuns.push(peer)
          log(`${doc.name} peer load ${i + 1}: navigation→text painted ${ms(peer.navToFirstPaint)}, →every highlight positioned ${ms(peer.navToPositioned)}, →highlights drawn ${ms(peer.navToDrawn)} (${peer.drawn} drawn, ${peer.annotations} annotations)`)
        }
      }
    })
    results.loads.set(doc.key, runs)
    if (peerRuns.length) results.peer.set(doc.key, peerRuns)
  }
  // The floor of navigation → interactive: what Next.js and React cost on the app's smallest page.
  const signedOut = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await measureHydration(signedOut, '/sign-in')
  results.floorPage = []
  for (let i = 0; i < LOAD_RUNS; i++) {
    const run = await measureHydration(signedOut, '/sign-in')
    results.floorPage.push({ navToHydrated: run.navToHydrated, navToFirstPaint: run.navToFirstPaint, scriptBytes: run.scripts.reduce((a, x) => a + x.decodedBytes, 0) })
  }
  await signedOut.close()
  log(`floor, /sign-in signed out: navigation→hydrated ${results.floorPage.map((x) => ms(x.navToHydrated)).join(', ')}`)
  const chunks = results.loads.get(docs[0].key)?.[0]?.scripts ?? []
  log(`Scripts of the workbench page: ${chunks.length}, ${mb(chunks.reduce((a, c) => a + c.decodedBytes, 0))} unzipped (${mb(chunks.reduce((a, c) => a + c.bytes, 0))} on the wire)`)
  if (env.BENCH_ONLY === 'load') {
    for (const doc of docs) {
      const before = await visibleTagCount(sql, doc.id, ids.annotatorId)
      const paints = await measureNewTags(context, doc.id, NEW_TAGS)
      results.newTags.set(doc.key, paints)
      results.newTagsSaved.set(doc.key, (await visibleTagCount(sql, doc.id, ids.annotatorId)) - before)
      log(`${doc.name} new tags: ${paints.map((p) => p.toFixed(1)).join(', ')} ms; saved ${results.newTagsSaved.get(doc.key)}/${NEW_TAGS}`)
    }
    await browser.close()
    return
  }

  for (const doc of docs) {
    const before = await visibleTagCount(sql, doc.id, ids.annotatorId)
    const paints = await measureNewTags(context, doc.id, NEW_TAGS)
    results.newTags.set(doc.key, paints)
    results.newTagsSaved.set(doc.key, (await visibleTagCount(sql, doc.id, ids.annotatorId)) - before)
    log(`${doc.name} new tags: ${paints.map((p) => p.toFixed(1)).join(', ')} ms; saved ${results.newTagsSaved.get(doc.key)}/${NEW_TAGS}`)
  }

  const long = docs[0]
  results.scroll = await measureScroll(context, long.id, 'text')
  log(`${long.name} scroll, pointer over the text: ${results.scroll.steps} wheel steps, ${results.scroll.pixels} px in ${results.scroll.durationMs} ms, ${results.scroll.frameIntervals.length} frames`)
  results.scrollMargin = await measureScroll(context, long.id, 'margin')
  log(`${long.name} scroll, pointer over the margin: ${results.scrollMargin.steps} wheel steps in ${results.scrollMargin.durationMs} ms, ${results.scrollMargin.frameIntervals.length} frames`)

  await tracePhase(browser, context, docs, results)
  await browser.close()
}

/**
 * Separate, traced runs (tracing slows the page, so they are not among the measured ones), each
 * summarised over the windows the figures measure.
 */
async function tracePhase(browser: Browser, context: BrowserContext, docs: Doc[], results: Results) {
  const save = (name: string, trace: Buffer) => {
    const file = path.join(outputDir(), name)
    writeFileSync(file, trace)
    return { file, events: parseTrace(trace) }
  }
  for (const doc of docs) {
    const load = await traceLoad(browser, context, doc.id)
    const { file, events } = save(`trace-load-${doc.key}.json`, load.trace)
    const nav = navigationStartUs(events, `/documents/${doc.id}`)
    if (nav === null) {
      results.traces.push({ title: `load of ${doc.name} (whole trace: no navigationStart found)`, file, summary: summarizeTrace(events) })
      continue
    }
    const data = nav + load.dataAt * 1000
    const painted = nav + load.paintedAt * 1000
    results.traces.push({ title: `load of ${doc.name}, navigation → workbench rendered with its data (${ms(load.dataAt)})`, file, summary: summarizeTrace(events, { fromUs: nav, toUs: data }) })
    results.traces.push({ title: `load of ${doc.name}, data → painted (${ms(load.paintedAt - load.dataAt)})`, file, summary: summarizeTrace(events, { fromUs: data, toUs: painted }) })
  }
  const long = docs[0]
  const tagged = await traceNewTag(browser, context, long.id)
  const t = save('trace-new-tag-long.json', tagged.trace)
  const key = lastEventDispatchUs(t.events, 'keydown')
  if (key !== null) {
    const frame = { fromUs: key, toUs: key + tagged.paintMs * 1000 + 1000 }
    results.traces.push({ title: `new tag on ${long.name}, key "1" → next frame (${ms(tagged.paintMs, 1)})`, file: t.file, summary: summarizeTrace(t.events, frame) })
    const after = { fromUs: frame.toUs, toUs: frame.toUs + 400_000 }
    results.traces.push({ title: `new tag on ${long.name}, the 400 ms after that frame (the API's answer, the redraw, the notification)`, file: t.file, summary: summarizeTrace(t.events, after) })
  }
  const scroll = await traceScroll(browser, context, long.id, 80)
  const sc = save('trace-scroll-long.json', scroll.trace)
  const fps = 1000 / mean(scroll.run.frameIntervals)
  results.traces.push({ title: `scrolling ${long.name}, ${scroll.run.steps} wheel steps (${fps.toFixed(1)} fps while traced)`, file: sc.file, summary: summarizeTrace(sc.events) })
  log(`Traces written to ${outputDir()}/trace-*.json (DevTools › Performance › Load profile)`)
}

// ── 4: writes ───────────────────────────────────────────────────────────────────────────────
async function writePhase(base: string, sql: pg.Pool, ids: DemoIds, [long, short]: Doc[], results: Results) {
  section(`Tag writes: REST API vs plain INSERT, ${CONCURRENCY} clients each`)
  const token = newToken()
  await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [`bench-token-${Date.now()}`, ids.annotatorId, 'bench', token.hash, token.prefix])

  const specs = tagSpecs(long.text, chooseSpans(long.text, WRITES + WARMUP_WRITES, 0), ids.leafLabelIds)
  const warmup = specs.filter((_, i) => i % Math.floor(specs.length / WARMUP_WRITES) === 0).slice(0, WARMUP_WRITES)
  const measured = specs.filter((s) => !warmup.includes(s)).slice(0, WRITES)
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: CONCURRENCY })
  pool.on('error', () => undefined)
  cleanups.push(() => pool.end())

  // Warm-up: opens the HTTP connections and the 32 pool connections, and warms the routes.
  const warm = [
    await getLive(base, WARMUP_WRITES, CONCURRENCY),
    await postTags(base, token.secret, long.id, warmup, CONCURRENCY),
    await insertTagsPlain(pool, ids.projectId, long.id, ids.annotatorId, warmup, CONCURRENCY),
  ]
  if (warm.some((w) => w.errors)) throw new Error(`The warm-up writes failed: ${warm.find((w) => w.errors)?.firstError}`)

  // The floor, right before the writes: one request through Next.js that does nothing.
  results.floor = await accounted(results, `floor: GET /api/health/live (${CONCURRENCY} clients)`, WRITES, () => getLive(base, WRITES, CONCURRENCY))
  log(`floor: ${results.floor.latencies.length} requests, ${results.floor.errors} errors, ${(results.floor.wallMs / 1000).toFixed(1)} s`)

  let before = await tagCount(sql, long.id)
  results.api = await accounted(results, `API write (POST, ${CONCURRENCY} clients)`, WRITES, () => postTags(base, token.secret, long.id, measured, CONCURRENCY))
  results.apiStored = (await tagCount(sql, long.id)) - before
  log(`API: ${results.api.latencies.length} created, ${results.api.errors} errors${results.api.firstError ? ` (first: ${results.api.firstError})` : ''}, ${(results.api.wallMs / 1000).toFixed(1)} s, ${results.apiStored} new rows`)

  before = await tagCount(sql, long.id)
  results.insert = await accounted(results, `plain INSERT (${CONCURRENCY} clients)`, WRITES, () => insertTagsPlain(pool, ids.projectId, long.id, ids.annotatorId, measured, CONCURRENCY))
  results.insertStored = (await tagCount(sql, long.id)) - before
  log(`INSERT: ${results.insert.latencies.length} rows, ${results.insert.errors} errors, ${(results.insert.wallMs / 1000).toFixed(1)} s, ${results.insertStored} new rows`)

  // Diagnostic: a write checks its quote against the stored text, so its cost may grow with the
  // document; the same writes on the 12k-code-point report show how much.
  const shortSpecs = tagSpecs(short.text, chooseSpans(short.text, SHORT_WRITES, 0), ids.leafLabelIds)
  results.apiShort = await accounted(results, `API write on the ${short.name} report (diagnostic)`, SHORT_WRITES, () => postTags(base, token.secret, short.id, shortSpecs, CONCURRENCY))
  log(`API on the demo report: ${results.apiShort.latencies.length} created, ${results.apiShort.errors} errors`)
}

/** Stops the server so that it writes its CPU profiles, and cuts them to each phase's window. */
async function readServerProfiles(s: Server, results: Results) {
  await s.stop()
  const dir = serverProfileDir()
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  if (!files.length) throw new Error(`the server wrote no CPU profile into ${dir}`)
  // One file per Node process of the server; the one that served the requests is the largest.
  const largest = files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]
  for (const [title, window] of results.windows) {
    if (!/plain INSERT|diagnostic/.test(title)) results.serverProfiles.push({ title, summary: summarizeCpuProfile(largest, window) })
  }
  log(`Server CPU profile: ${largest}`)
}

const serverProfileDir = () => path.join(outputDir(), 'server-profile')

// ── 5: the report ───────────────────────────────────────────────────────────────────────────
type Row = [string, string, string, string, string]
const verdict = (ok: boolean | null) => (ok === null ? '—' : ok ? 'PASS' : 'MISS')
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`

function figureRows(docs: Doc[], r: Results): Row[] {
  const rows: Row[] = []
  for (const doc of docs) {
    const runs = r.loads.get(doc.key)
    if (runs) {
      const d2p = runs.map((x) => x.dataToPainted)
      const n2p = runs.map((x) => x.navToPainted)
      const heap = runs.map((x) => x.heapBytes)
      const dom = runs.map((x) => x.tagsInDom)
      const expected = r.expectedTags.get(doc.key) ?? Number.NaN
      const first = runs.map((x) => x.navToFirstPaint)
      const inHtml = runs.map((x) => x.tagsInHtml)
      rows.push([doc.name, 'navigation → report and tags painted (server-drawn; Element Timing)', spread(first), `< ${doc.targets.navToPainted} ms`, verdict(median(first) < doc.targets.navToPainted)])
      rows.push(['', '  tags drawn in the HTML / expected', `${Math.min(...inHtml)}–${Math.max(...inHtml)} / ${expected}`, 'all', verdict(inHtml.every((n) => n === expected))])
      rows.push(['', '  first byte of the HTML (server render)', spread(runs.map((x) => x.ttfb)), '', '—'])
      rows.push(['', '  HTML with text and tags received', `${spread(runs.map((x) => x.responseEnd))}; ${mb(runs[0].htmlBytes)} (${mb(runs[0].htmlDecodedBytes)} unzipped)`, '', '—'])
      rows.push(['', 'navigation → editor ready (every tag drawn by the editor; interactive)', spread(n2p), '(diagnostic)', '—'])
      // Ready at once (issue 16): on the demo report, interactive within 1.2 × its first paint.
      if (doc.key === 'demo') {
        const ratio = median(n2p) / median(first)
        rows.push(['', '  navigation → interactive ÷ navigation → first paint (medians)', `${ratio.toFixed(2)}×`, '≤ 1.2×', verdict(Number.isFinite(ratio) ? ratio <= 1.2 : null)])
      }
      const peer = r.peer.get(doc.key)
      if (peer) {
        const drawn = peer.map((x) => x.navToDrawn)
        rows.push(['', `  peer: Recogito text annotator ${r.peerVersion ?? ''}, navigation → highlights drawn (same text, tags)`, spread(drawn), '(peer)', '—'])
        rows.push(['', '  peer: navigation → text painted / every highlight positioned', `${spread(peer.map((x) => x.navToFirstPaint))} / ${spread(peer.map((x) => x.navToPositioned))}`, '(peer)', '—'])
        const ratio = median(n2p) / median(drawn)
        rows.push(['', '  Tagbench navigation → interactive ÷ peer navigation → highlights drawn (medians)', `${ratio.toFixed(2)}×`, doc.key === 'long' ? '≤ 1.0×' : '(diagnostic)', doc.key === 'long' ? verdict(ratio <= 1.0) : '—'])
      }
      const scripts = runs[0].scripts
      const beforeEditor = scripts.filter((x) => x.responseEnd <= runs[0].navToPainted)
      const sum = (list: typeof scripts, pick: (x: (typeof scripts)[number]) => number) => list.reduce((a, x) => a + pick(x), 0)
      rows.push(['', 'JS loaded before the editor was ready: chunks, unzipped (on the wire)', `${beforeEditor.length}, ${kb(sum(beforeEditor, (x) => x.decodedBytes))} (${kb(sum(beforeEditor, (x) => x.bytes))})`, '(smaller is sooner)', '—'])
      const largest = [...beforeEditor].sort((a, b) => b.decodedBytes - a.decodedBytes).slice(0, 6)
      rows.push(['', '  the largest of them, unzipped', largest.map((x) => `${x.file.replace(/\.js$/, '')} ${kb(x.decodedBytes)}`).join(', '), '', '—'])
      if (scripts.length > beforeEditor.length) rows.push(['', '  loaded after the editor was ready', `${scripts.length - beforeEditor.length}, ${kb(sum(scripts.filter((x) => !beforeEditor.includes(x)), (x) => x.decodedBytes))}`, '', '—'])
      rows.push(['', '  page hydrated by React (before the editor starts)', spread(runs.map((x) => x.navToHydrated)), '', '—'])
      rows.push(['', '  workbench rendered with its data (dataAt)', spread(runs.map((x) => x.navToPainted - x.dataToPainted)), '', '—'])
      rows.push(['', '  data → editor painted (dataAt → every tag drawn)', spread(d2p), `< ${doc.targets.dataToPainted} ms`, verdict(median(d2p) < doc.targets.dataToPainted)])
      rows.push(['', 'JS heap after GC', spread(heap, mb), '< 60 MB', verdict(median(heap) < 60 * 1024 * 1024)])
      rows.push(['', 'tag ids in DOM / expected', `${Math.min(...dom)}–${Math.max(...dom)} / ${expected}`, 'all', verdict(dom.every((n) => n === expected))])
    }
    const paints = r.newTags.get(doc.key)
    if (paints) {
      const saved = r.newTagsSaved.get(doc.key) ?? 0
      rows.push(['', `new tag: key → next frame (median; ${NEW_TAGS} tags)`, `${ms(median(paints), 1)} (p95 ${ms(p95(paints), 1)})`, '< 25 ms', verdict(median(paints) < 25)])
      rows.push(['', 'new tags saved by the API', `${saved} / ${NEW_TAGS}`, `${NEW_TAGS}`, verdict(saved === NEW_TAGS)])
    }
  }
  if (r.floorPage?.length) {
    const f = r.floorPage
    rows.push(['floor', 'sign-in page (signed out): navigation → hydrated', spread(f.map((x) => x.navToHydrated)), '(floor)', '—'])
    rows.push(['', '  its navigation → first contentful paint; its JS unzipped', `${spread(f.map((x) => x.navToFirstPaint))}; ${kb(f[0].scriptBytes)}`, '', '—'])
  }
  for (const [run, where, first] of [
    [r.scroll, 'pointer over the text', true],
    [r.scrollMargin, 'pointer over the margin (diagnostic)', false],
  ] as const) {
    if (!run) continue
    const f = run.frameIntervals
    const fps = f.length ? 1000 / mean(f) : Number.NaN
    rows.push([first ? docs[0].name : '', `scroll to bottom, ${where}, ${run.steps} × 600 px`, `${fps.toFixed(1)} fps mean`, '(no target)', '—'])
    rows.push(['', '  frame time p95 / max', `${ms(p95(f), 1)} / ${ms(Math.max(...f), 0)}`, '(no target)', '—'])
    rows.push(['', '  frames over 50 ms', `${f.filter((x) => x > 50).length} of ${f.length}`, '(no target)', '—'])
  }
  if (r.api && r.insert) {
    const a = r.api.latencies
    const i = r.insert.latencies
    const ratio = p95(a) / p95(i)
    rows.push([`tag writes, ${CONCURRENCY} clients`, `POST /api/v1/…/tags p50 / p95 / max (${WRITES})`, `${ms(median(a), 1)} / ${ms(p95(a), 1)} / ${ms(Math.max(...a), 0)}`, '', '—'])
    rows.push(['', 'API throughput', `${(a.length / (r.api.wallMs / 1000)).toFixed(0)} tags/s`, '', '—'])
    rows.push(['', 'API errors', String(r.api.errors), '0', verdict(r.api.errors === 0)])
    rows.push(['', 'new rows in "Tag" after the API run', String(r.apiStored), String(WRITES), verdict(r.apiStored === WRITES)])
    rows.push(['', `plain INSERT p50 / p95 / max (pg, pool of ${CONCURRENCY})`, `${ms(median(i), 1)} / ${ms(p95(i), 1)} / ${ms(Math.max(...i), 0)}`, '', '—'])
    rows.push(['', 'INSERT throughput', `${(i.length / (r.insert.wallMs / 1000)).toFixed(0)} rows/s`, '', '—'])
    rows.push(['', 'API p95 / INSERT p95', `${ratio.toFixed(2)}×`, '< 3×', verdict(ratio < 3)])
    if (r.floor) {
      const f = r.floor.latencies
      rows.push([
        '',
        `floor: GET /api/health/live, ${CONCURRENCY} clients: p50 / p95 (${f.length})`,
        `${ms(median(f), 1)} / ${ms(p95(f), 1)}; p95 ÷ INSERT p95 ${(p95(f) / p95(i)).toFixed(2)}×${r.floor.errors ? `, ${r.floor.errors} errors` : ''}`,
        '(diagnostic)',
        '—',
      ])
    }
  }
  if (r.apiShort) {
    const a = r.apiShort.latencies
    rows.push([`diagnostic`, `POST on the ${docs[1].name.replace(/ \/.*/, '')} report p50 / p95 (${SHORT_WRITES})`, `${ms(median(a), 1)} / ${ms(p95(a), 1)}, ${r.apiShort.errors} errors`, '(no target)', '—'])
  }
  return rows
}

function jsLines(t: JsSummary, top = 12): string[] {
  const lines = [`  JS by script or package (self): ${t.byScript.map(([c, v]) => `${c} ${ms(v)}`).join(', ')}`]
  lines.push('  top JS functions, self time:')
  for (const f of t.selfJs.slice(0, top)) lines.push(`    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`)
  lines.push('  top JS functions, total time (with what they call):')
  for (const f of t.totalJs.slice(0, top)) lines.push(`    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`)
  return lines
}

function traceLines(title: string, t: TraceSummary): string[] {
  return [
    `Chromium trace, ${title}: renderer main thread busy ${ms(t.mainThreadMs)}`,
    `  by kind: ${t.categories.map(([c, v]) => `${c} ${ms(v)}`).join(', ')}`,
    `  top trace events (self): ${t.topEvents.map(([c, v]) => `${c} ${ms(v)}`).join(', ')}`,
    ...jsLines(t),
  ]
}

function profileLines(results: Results): string[] {
  const lines: string[] = []
  if (results.cpu.length) {
    lines.push('CPU time per unit of work (from /proc; the machine has 2 cores shared with everything else):')
    for (const c of results.cpu) {
      lines.push(`  ${c.title}: server ${ms(c.perUnit.server, 1)}, Postgres ${ms(c.perUnit.postgres, 1)}, this script ${ms(c.perUnit.bench, 1)} (${c.units} units)`)
    }
    lines.push('')
  }
  for (const t of results.traces) lines.push(...traceLines(t.title, t.summary), '')
  for (const p of results.serverProfiles) lines.push(`Server CPU profile, ${p.title}: ${ms(p.summary.sampledMs)} of samples`, ...jsLines(p.summary), '')
  return lines
}

function machine(chromiumVersion?: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  return (
    `${os.cpus().length} cores (nproc ${os.availableParallelism()}), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM; ` +
    `Node ${process.version}; Chromium ${chromiumVersion ?? '?'} headless (--disable-gpu); ` +
    `load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at end`
  )
}

function report(docs: Doc[], results: Results, chromiumVersion?: string) {
  section('Results')
  const header = ['document / workload', 'figure', 'measured', 'target', 'result']
  const rows = figureRows(docs, results)
  console.log(table(header, rows))
  console.log(`\nMachine: ${machine(chromiumVersion)}`)
  console.log(`Run: ${started.toISOString()}, ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`)
  const profiles = profileLines(results)
  if (profiles.length) console.log(`\nWhere the time goes\n${profiles.join('\n')}`)
  for (const error of results.errors) console.error(`\nNOT MEASURED: ${error}`)
  const misses = rows.filter((r) => r[4] === 'MISS')
  console.log(`\n${rows.filter((r) => r[4] === 'PASS').length} pass, ${misses.length} miss${results.errors.length ? `, ${results.errors.length} phase(s) not measured` : ''}`)

  // The same figures as Markdown for BENCHMARKS.md, and the raw numbers.
  mkdirSync(outputDir(), { recursive: true })
  const md = [markdownTable(header, rows), '', `Machine: ${machine(chromiumVersion)}`, '', ...(profiles.length ? ['```', ...profiles, '```'] : [])].join('\n')
  writeFileSync(path.join(outputDir(), 'annotate.md'), md)
  const raw = { started, loads: Object.fromEntries(results.loads), peer: Object.fromEntries(results.peer), floorPage: results.floorPage, newTags: Object.fromEntries(results.newTags), scroll: results.scroll, scrollMargin: results.scrollMargin, api: results.api?.latencies, insert: results.insert?.latencies, floor: results.floor?.latencies, apiShort: results.apiShort?.latencies, cpu: results.cpu, traces: results.traces, serverProfiles: results.serverProfiles }
  writeFileSync(path.join(outputDir(), 'annotate.json'), JSON.stringify(raw, null, 1))
  console.log(`Markdown table: ${path.join(outputDir(), 'annotate.md')}; raw figures: ${path.join(outputDir(), 'annotate.json')}`)
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────
async function main(): Promise<number> {
  let prepared: Awaited<ReturnType<typeof setup>>
  try {
    prepared = await setup()
  } catch (error) {
    console.error(`\nSetup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  }
  const { sql, ids, docs, server: s } = prepared
  const results: Results = { peer: new Map(), loads: new Map(), expectedTags: new Map(), newTags: new Map(), newTagsSaved: new Map(), traces: [], windows: new Map(), serverProfiles: [], cpu: [], errors: [] }
  const chromium: { version?: string } = {}
  // Each phase runs on its own: a failure in one is reported and the others still measure.
  const phase = async (name: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      results.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
      console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }
  await phase('browser', () => browserPhase(s.baseURL, sql, ids, docs, results, chromium))
  if (env.BENCH_ONLY === 'all') await phase('writes', () => writePhase(s.baseURL, sql, ids, docs, results))
  if (env.BENCH_PROFILE_SERVER === '1') await phase('server profile', () => readServerProfiles(s, results))
  report(docs, results, chromium.version)
  return results.errors.length ? 1 : 0
}

const code = await main()
await cleanup()
process.exit(code)
