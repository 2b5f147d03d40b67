// npm run bench:review: how fast review is on a project of 200 reports and 50,000 tags.
//
//   1. a throw-away embedded Postgres (.data/bench-review-postgres, port TAGBENCH_PG_PORT or
//      54359, with pg_stat_statements), the demo seed, 200 reports of ~10,000 code points and
//      50,000 tags by three annotators who mostly tag the same sentences, bulk-inserted with SQL;
//      the production build under `next start` on BENCH_PORT (default 3217);
//   2. the review queue: the first page and filtered, sorted and deep pages, 50 sequential
//      requests each, with the SQL time of the statements the service ran (pg_stat_statements)
//      and the plans of equivalent SQL (EXPLAIN ANALYZE);
//   3. approving 2,000 pending tags through the REST API from 32 workers, checked with SQL,
//      against 2,000 plain UPDATEs from 32 connections, with CPU per operation from /proc;
//   4. the agreement of the three annotators over the 200 reports (5 requests);
//   5. a diagnostic, on the same throw-away data right after the queue: the queue again with a
//      candidate index (dropped afterwards), and the plans of two other query shapes (a capped
//      count, a deferred join).
// It prints a table with the targets and PASS/MISS, writes it into BENCHMARKS.md, stops what it
// started (also on error or Ctrl-C) and exits 0: a miss is a figure. It exits 1 only when the
// setup or a measurement could not run.
// BENCH_PROFILE_SERVER=1 also runs the server under V8's CPU profiler and summarises it per phase.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { newToken } from '../../lib/auth/tokens'
import { dataDir } from '../../lib/config/data-dir'
import { db } from '../../lib/db/client'
import { endSqlPool } from '../../lib/db/sql'
import type { Database } from '../lib/database'
import { onShutdown } from '../lib/process'
import { countBadQuotes, demoBodies, demoIds, type DemoIds } from './lib/corpus'
import { cpuPerUnit, type CpuSnapshot } from './lib/cpu'
import { monotonicUs, summarizeCpuProfile, type JsSummary } from './lib/profile'
import { addAnnotator, insertDocuments, insertReviewTags, labelTree, reviewDocuments, reviewTags, type BenchDocument, type LabelTree } from './lib/review-data'
import { writeBenchmarkFigures } from './lib/benchmarks-file'
import { outputDir, startDatabase, startServer, type Server } from './lib/setup'
import { enableStatementStats, explainAnalyze, readStatementStats, resetStatementStats, type Plan, type Statement } from './lib/sql-stats'
import { markdownTable, median, ms, p95, table } from './lib/stats'
import { getLive, runConcurrently, type WriteRun } from './lib/writes'

const env = z
  .object({
    BENCH_PORT: z.coerce.number().int().min(1024).max(65535).default(3217),
    // 1: the server runs under V8's CPU profiler (a little slower) and the report says where the
    // server's time goes per phase.
    BENCH_PROFILE_SERVER: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env)

const DEMO_PASSWORD = 'tagbench-bench-password'
const PG_FOLDER = 'bench-review-postgres'
const PG_PORT = 54359
const DOCUMENTS = 200
const TAGS = 50_000
const PAGE_SIZE = 50
const QUEUE_RUNS = 50
const QUEUE_WARMUP = 5
/** Rounds over every case before the first is measured: the server's JIT and Prisma's WASM query compiler warm up. */
const QUEUE_WARMUP_ROUNDS = 15
const QUEUE_TARGET_MS = 100
const APPROVALS = 2_000
const WARMUP_WRITES = 64
const CONCURRENCY = 32
const AGREEMENT_RUNS = 5
const AGREEMENT_TARGET_MS = 2_000
/**
 * The diagnostic's candidate: the queue's filter and order in one partial index (id included, for
 * the tie-break), with the filter columns beside it so that counts can be answered from the index.
 */
const CANDIDATE_INDEX_NAME = 'bench_candidate_Tag_queue_idx'
const CANDIDATE_INDEX = `CREATE INDEX "${CANDIDATE_INDEX_NAME}" ON "Tag" ("projectId", status, "createdAt", id) INCLUDE ("labelId", "authorId") WHERE "deletedAt" IS NULL`

interface Setup {
  sql: pg.Pool
  ids: DemoIds & { annotator2Id: string; annotator3Id: string }
  labels: LabelTree
  docs: BenchDocument[]
  token: string
  server: Server
  statementStats: boolean
}

interface QueueCase {
  name: string
  query: Record<string, string | number>
  /** Counts toward the targets; a diagnostic does not. */
  target: boolean
}

interface QueueResult {
  name: string
  query: string
  target: boolean
  latencies: number[]
  total: number
  items: number
  cpu: CpuSnapshot | null
  /** Per request, from pg_stat_statements: the page query, the count, and all SQL together. */
  sql?: { pageMs: number; countMs: number; allMs: number; statements: number }
  statements?: Statement[]
  plans: { page: Plan; count: Plan }
}

interface AgreementRun {
  httpMs: number
  computedInMs: number
  bytes: number
}

interface Results {
  queue: QueueResult[]
  /** The diagnostic: the same cases with the candidate index, after VACUUM ANALYZE. */
  candidate: QueueResult[]
  /** The diagnostic's other query shapes, as plans. */
  shapes: { name: string; sql: string; plan: Plan }[]
  /** Statements the app ran per phase (pg_stat_statements). */
  statements: { title: string; units: number; list: Statement[] }[]
  /** Monotonic-clock windows of the phases, to cut the server's CPU profile. */
  windows: Map<string, { fromUs: number; toUs: number }>
  serverProfiles: { title: string; summary: JsSummary }[]
  api?: WriteRun & { cpu: CpuSnapshot | null; approved: number; oneEvent: number; pendingDrop: number; eventsAdded: number }
  update?: WriteRun & { cpu: CpuSnapshot | null; approved: number; pendingDrop: number }
  /** The floor: GET /api/health/live (Next.js, no database) from the same clients. */
  floor?: WriteRun & { cpu: CpuSnapshot | null }
  agreement?: { runs: AgreementRun[]; cpu: CpuSnapshot | null; sanity: string[] }
  setupNotes: string[]
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
const clusterDir = () => path.join(dataDir(), PG_FOLDER, 'cluster')
const cpu = <T>(units: number, work: () => Promise<T>) => cpuPerUnit(server?.child.pid, clusterDir(), units, work)

// ── 1: database, data, server ───────────────────────────────────────────────────────────────
async function setup(notes: string[]): Promise<Setup> {
  section('Setup')
  process.env.AUTH_SECRET = 'bench-secret-only-for-npm-run-bench-review-0123456789'
  process.env.DEMO_PASSWORD = DEMO_PASSWORD
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  const database: Database = await startDatabase({
    name: 'tagbench_bench_review',
    folder: PG_FOLDER,
    defaultPort: PG_PORT,
    demoPassword: DEMO_PASSWORD,
    preloadLibraries: ['pg_stat_statements'],
  })
  cleanups.push(() => database.stop())
  cleanups.push(() => db.$disconnect())
  cleanups.push(() => endSqlPool())
  const sql = new pg.Pool({ connectionString: database.url, max: 4 })
  // An idle connection reports an error when Postgres stops at the end; that is expected.
  sql.on('error', () => undefined)
  cleanups.push(() => sql.end())

  const demo = await demoIds(sql)
  const user = async (email: string) => (await sql.query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [email])).rows[0].id
  const annotator2Id = await user('annotator2@tagbench.test')
  const annotator3Id = await addAnnotator(sql, demo.projectId, 'annotator3@tagbench.test', '标注员三')
  const ids = { ...demo, annotator2Id, annotator3Id }
  const labels = await labelTree(sql, ids.projectId)

  let t0 = Date.now()
  const docs = reviewDocuments(
    (await demoBodies()).map((b) => b.text),
    DOCUMENTS,
  )
  await insertDocuments(sql, ids.projectId, ids.managerId, docs)
  const lengths = docs.map((d) => d.length)
  log(`${docs.length} reports inserted in ${Date.now() - t0} ms: ${Math.min(...lengths)}–${Math.max(...lengths)} code points, mean ${Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length)}`)

  t0 = Date.now()
  const rows = reviewTags(docs, [ids.annotatorId, annotator2Id, annotator3Id], ids.reviewerId, labels, TAGS)
  const t1 = Date.now()
  await insertReviewTags(sql, ids.projectId, rows)
  const t2 = Date.now()
  // VACUUM too: autovacuum would get to the new rows at some moment of the run; doing it now
  // makes every run start from the same state (visibility map set), as a table in use would be.
  await sql.query('VACUUM ANALYZE "Document", "Tag", "TagEvent", "Label", "User", "Membership"')
  log(`${rows.length} tags generated in ${t1 - t0} ms, inserted with their 'created' events in ${t2 - t1} ms, VACUUM ANALYZE in ${Date.now() - t2} ms`)

  // Checks: the data is what the figures claim.
  const { rows: counts } = await sql.query<{ status: string; n: number; docs: number; authors: number; labels: number; noproject: number }>(
    `SELECT status::text, count(*)::int AS n, count(DISTINCT "documentId")::int AS docs, count(DISTINCT "authorId")::int AS authors,
            count(DISTINCT "labelId")::int AS labels, count(*) FILTER (WHERE "projectId" IS DISTINCT FROM $1)::int AS noproject
     FROM "Tag" WHERE "documentId" LIKE 'bench-doc-%' GROUP BY ROLLUP(status) ORDER BY status NULLS LAST`,
    [ids.projectId],
  )
  const all = counts.find((c) => c.status === null)!
  const { rows: events } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "TagEvent" e JOIN "Tag" t ON t.id = e."tagId" WHERE t."documentId" LIKE 'bench-doc-%' AND e.action = 'created'`,
  )
  if (all.n !== TAGS || events[0].n !== TAGS || all.noproject !== 0 || all.docs !== DOCUMENTS || all.authors !== 3) {
    throw new Error(`The generated data is not as intended: ${all.n} tags, ${events[0].n} created events, ${all.noproject} without the project, ${all.docs} documents, ${all.authors} authors.`)
  }
  const sample = [docs[0], docs[57], docs[123], docs[199]]
  let bad = 0
  for (const d of sample) bad += await countBadQuotes(sql, d.id)
  if (bad) throw new Error(`${bad} tags on the sampled reports do not match the text (quote/prefix/suffix): the generator is wrong.`)
  const shares = counts
    .filter((c) => c.status !== null)
    .map((c) => `${c.status} ${((100 * c.n) / all.n).toFixed(1)} %`)
    .join(', ')
  const note = `${all.n.toLocaleString('en')} tags on ${all.docs} reports by 3 annotators, ${all.labels} leaf labels; ${shares}; one 'created' event each; quotes checked on ${sample.length} reports`
  notes.push(note)
  log(note)

  const statementStats = await enableStatementStats(sql)
  if (!statementStats) log('pg_stat_statements is not loaded: the SQL time per statement will be missing.')

  const token = newToken()
  await sql.query('INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, $3, $4, $5)', [`bench-token-${Date.now()}`, ids.reviewerId, 'bench', token.hash, token.prefix])

  const s = await startServer(env.BENCH_PORT, { ...process.env }, env.BENCH_PROFILE_SERVER === '1' ? serverProfileDir() : undefined, 'server-review.log')
  server = s
  cleanups.push(() => s.stop())
  log(`App ready at ${s.baseURL} (log: ${s.logFile})`)
  return { sql, ids, labels, docs, token: token.secret, server: s, statementStats }
}

// ── 2: the review queue ─────────────────────────────────────────────────────────────────────
function queueCases(s: Setup): QueueCase[] {
  const top = s.labels.tops.reduce((a, b) => (b.leafIds.length > a.leafIds.length ? b : a))
  const doc = s.docs[Math.floor(s.docs.length / 2)]
  return [
    { name: 'first page (pending, oldest first)', query: {}, target: true },
    { name: `label ${top.name} (top level, ${top.leafIds.length} sub-labels)`, query: { labelId: top.id }, target: true },
    { name: 'annotator 标注员二', query: { annotatorId: s.ids.annotator2Id }, target: true },
    { name: `document ${doc.id}`, query: { documentId: doc.id }, target: true },
    { name: 'olderThanHours=240', query: { olderThanHours: 240 }, target: true },
    { name: 'sort=newest', query: { sort: 'newest' }, target: true },
    { name: 'deep page (page 200)', query: { page: 200 }, target: true },
    { name: 'sort=document (diagnostic)', query: { sort: 'document' }, target: false },
  ]
}

/** The two statements reviewQueue runs (the page and the count), as plain SQL with the same filters. */
function queueSql(s: Setup, query: QueueCase['query']) {
  const params: unknown[] = [s.ids.projectId]
  const where = ['"projectId" = $1', `status = 'pending'`, '"deletedAt" IS NULL']
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value)
    where.push(clause(params.length))
  }
  if (query.labelId) {
    const top = s.labels.tops.find((t) => t.id === query.labelId)
    add((n) => `"labelId" = ANY($${n})`, top ? [top.id, ...top.leafIds.filter((id) => id !== top.id)] : [query.labelId])
  }
  if (query.annotatorId) add((n) => `"authorId" = $${n}`, query.annotatorId)
  if (query.documentId) add((n) => `"documentId" = $${n}`, query.documentId)
  if (query.olderThanHours !== undefined) add((n) => `"createdAt" <= $${n}::timestamptz`, new Date(Date.now() - Number(query.olderThanHours) * 3_600_000).toISOString())
  const order = query.sort === 'newest' ? '"createdAt" DESC, id DESC' : query.sort === 'document' ? '"documentId", start' : '"createdAt", id'
  const page = Number(query.page ?? 1)
  return {
    page: { text: `SELECT * FROM "Tag" WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`, params },
    count: { text: `SELECT count(*) FROM "Tag" WHERE ${where.join(' AND ')}`, params },
  }
}

async function getQueue(s: Setup, query: QueueCase['query']): Promise<{ ms: number; total: number; items: number }> {
  const search = new URLSearchParams(Object.entries({ pageSize: PAGE_SIZE, ...query }).map(([k, v]) => [k, String(v)]))
  const t0 = performance.now()
  const response = await fetch(`${s.server.baseURL}/api/v1/projects/${s.ids.projectId}/review-queue?${search}`, { headers: { Authorization: `Bearer ${s.token}` } })
  const body = await response.text()
  const elapsed = performance.now() - t0
  if (response.status !== 200) throw new Error(`review-queue ${search}: HTTP ${response.status}: ${body.slice(0, 200)}`)
  const json = JSON.parse(body) as { items: unknown[]; total: number }
  return { ms: elapsed, total: json.total, items: json.items.length }
}

/** Sorts the statements of one queue case into the page query, the count and the rest, per request. */
function sqlPerRequest(statements: Statement[], requests: number) {
  const isTag = (q: string) => /FROM "public"\."Tag"|FROM "Tag"/.test(q)
  const count = statements.filter((st) => isTag(st.query) && /COUNT\(/i.test(st.query))
  const page = statements.filter((st) => isTag(st.query) && !/COUNT\(/i.test(st.query) && /LIMIT/i.test(st.query) && /ORDER BY/i.test(st.query))
  const sum = (list: Statement[]) => list.reduce((a, st) => a + st.totalMs, 0) / requests
  return { pageMs: sum(page), countMs: sum(count), allMs: sum(statements), statements: statements.reduce((a, st) => a + st.calls, 0) / requests }
}

/** One case: warm-up, then the measured requests with their CPU and SQL time, then the plans of the equivalent SQL. */
async function measureQueueCase(s: Setup, c: QueueCase, results: Results, window: string): Promise<QueueResult> {
  for (let i = 0; i < QUEUE_WARMUP; i++) await getQueue(s, c.query)
  if (s.statementStats) await resetStatementStats(s.sql)
  const runs: { ms: number; total: number; items: number }[] = []
  const { perUnit } = await cpu(QUEUE_RUNS, () =>
    timed(results, window, async () => {
      for (let i = 0; i < QUEUE_RUNS; i++) runs.push(await getQueue(s, c.query))
    }),
  )
  const statements = s.statementStats ? await readStatementStats(s.sql) : undefined
  const equivalent = queueSql(s, c.query)
  const plans = { page: await explainAnalyze(s.sql, equivalent.page.text, equivalent.page.params), count: await explainAnalyze(s.sql, equivalent.count.text, equivalent.count.params) }
  const latencies = runs.map((r) => r.ms)
  const result: QueueResult = {
    name: c.name,
    query: new URLSearchParams(Object.entries(c.query).map(([k, v]) => [k, String(v)])).toString() || '(defaults)',
    target: c.target,
    latencies,
    total: runs[0].total,
    items: runs[0].items,
    cpu: perUnit,
    sql: statements && sqlPerRequest(statements, QUEUE_RUNS),
    statements,
    plans,
  }
  log(
    `${c.name}: p50 ${ms(median(latencies), 1)}, p95 ${ms(p95(latencies), 1)}, max ${ms(Math.max(...latencies), 1)}; ${result.items} items of ${result.total}` +
      (result.sql ? `; SQL per request: page ${ms(result.sql.pageMs, 2)}, count ${ms(result.sql.countMs, 2)}, all ${ms(result.sql.allMs, 2)} in ${result.sql.statements.toFixed(1)} statements` : '') +
      (perUnit ? `; CPU per request: server ${ms(perUnit.server, 1)}, Postgres ${ms(perUnit.postgres, 1)}` : ''),
  )
  return result
}

async function queuePhase(s: Setup, results: Results) {
  section(`Review queue: ${QUEUE_RUNS} sequential requests per case after ${QUEUE_WARMUP} warm-up, pageSize ${PAGE_SIZE}`)
  const cases = queueCases(s)
  const t0 = Date.now()
  for (let round = 0; round < QUEUE_WARMUP_ROUNDS; round++) for (const c of cases) await getQueue(s, c.query)
  log(`warm-up: ${QUEUE_WARMUP_ROUNDS} rounds over the ${cases.length} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  for (const [i, c] of cases.entries()) {
    const result = await measureQueueCase(s, c, results, i === 0 ? 'review queue, first page' : `review queue, ${c.name}`)
    results.queue.push(result)
    if (i === 0 && result.statements) results.statements.push({ title: `review queue, ${c.name}`, units: QUEUE_RUNS, list: result.statements })
  }
}

// ── 3: approve through the API against plain UPDATEs ────────────────────────────────────────
interface PendingTag {
  id: string
  version: number
}

async function pendingCount(sql: pg.Pool, projectId: string): Promise<number> {
  return (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Tag" WHERE "projectId" = $1 AND status = 'pending' AND "deletedAt" IS NULL`, [projectId])).rows[0].n
}

async function approvedEvents(sql: pg.Pool): Promise<number> {
  return (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "TagEvent" WHERE action = 'approved'`)).rows[0].n
}

/** How many of the tags are approved at their version + 1 (by the reviewer, when given), and how many have exactly one 'approved' event. */
async function checkApproved(sql: pg.Pool, tags: PendingTag[], reviewerId: string | null): Promise<{ approved: number; oneEvent: number }> {
  const { rows } = await sql.query<{ approved: number; one_event: number }>(
    `SELECT count(*) FILTER (WHERE t.status = 'approved' AND t.version = u.v + 1 AND ($3::text IS NULL OR t."reviewerId" = $3))::int AS approved,
            count(*) FILTER (WHERE (SELECT count(*) FROM "TagEvent" e WHERE e."tagId" = t.id AND e.action = 'approved') = 1)::int AS one_event
     FROM unnest($1::text[], $2::int[]) AS u(id, v) JOIN "Tag" t ON t.id = u.id`,
    [tags.map((t) => t.id), tags.map((t) => t.version), reviewerId],
  )
  return { approved: rows[0].approved, oneEvent: rows[0].one_event }
}

async function approvePhase(s: Setup, results: Results) {
  section(`Approve: REST API vs plain UPDATE, ${CONCURRENCY} clients each`)
  const { rows: picked } = await s.sql.query<PendingTag>(
    `SELECT id, version FROM "Tag" WHERE "projectId" = $1 AND status = 'pending' AND "deletedAt" IS NULL ORDER BY md5(id) LIMIT $2`,
    [s.ids.projectId, 2 * (APPROVALS + WARMUP_WRITES)],
  )
  if (picked.length < 2 * (APPROVALS + WARMUP_WRITES)) throw new Error(`Only ${picked.length} pending tags to approve.`)
  const apiWarm = picked.slice(0, WARMUP_WRITES)
  const updateWarm = picked.slice(WARMUP_WRITES, 2 * WARMUP_WRITES)
  const apiTags = picked.slice(2 * WARMUP_WRITES, 2 * WARMUP_WRITES + APPROVALS)
  const updateTags = picked.slice(2 * WARMUP_WRITES + APPROVALS)
  log(`${picked.length} distinct pending tags picked (their versions read with them): ${apiTags.length} for the API, ${updateTags.length} for UPDATE, ${WARMUP_WRITES} + ${WARMUP_WRITES} to warm up`)

  const approve = async (tag: PendingTag) => {
    const response = await fetch(`${s.server.baseURL}/api/v1/tags/${tag.id}/review`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'approve', version: tag.version }),
    })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`)
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: CONCURRENCY })
  pool.on('error', () => undefined)
  cleanups.push(() => pool.end())
  const update = async (tag: PendingTag) => {
    const result = await pool.query(`UPDATE "Tag" SET status = 'approved', version = version + 1 WHERE id = $1 AND version = $2`, [tag.id, tag.version])
    if (result.rowCount !== 1) throw new Error(`UPDATE of ${tag.id} at version ${tag.version} changed ${result.rowCount} rows`)
  }

  // Warm-up: opens the HTTP connections and the 32 pool connections, and warms the routes.
  const warm = [await getLive(s.server.baseURL, WARMUP_WRITES, CONCURRENCY), await runConcurrently(apiWarm, CONCURRENCY, approve), await runConcurrently(updateWarm, CONCURRENCY, update)]
  if (warm.some((w) => w.errors)) throw new Error(`The warm-up approvals failed: ${warm.find((w) => w.errors)?.firstError}`)

  // The floor, right before the approvals: one request through Next.js that does nothing.
  const floor = await cpu(APPROVALS, () => timed(results, 'floor: GET /api/health/live', () => getLive(s.server.baseURL, APPROVALS, CONCURRENCY)))
  results.floor = { ...floor.value, cpu: floor.perUnit }
  log(`floor: ${floor.value.latencies.length} requests, ${floor.value.errors} errors, ${(floor.value.wallMs / 1000).toFixed(1)} s`)

  let pendingBefore = await pendingCount(s.sql, s.ids.projectId)
  const eventsBefore = await approvedEvents(s.sql)
  if (s.statementStats) await resetStatementStats(s.sql)
  const api = await cpu(APPROVALS, () => timed(results, 'approve through the API', () => runConcurrently(apiTags, CONCURRENCY, approve)))
  if (s.statementStats) results.statements.push({ title: 'approve through the API', units: APPROVALS, list: await readStatementStats(s.sql) })
  const apiCheck = await checkApproved(s.sql, apiTags, s.ids.reviewerId)
  results.api = {
    ...api.value,
    cpu: api.perUnit,
    ...apiCheck,
    pendingDrop: pendingBefore - (await pendingCount(s.sql, s.ids.projectId)),
    eventsAdded: (await approvedEvents(s.sql)) - eventsBefore,
  }
  log(
    `API: ${api.value.latencies.length} approved, ${api.value.errors} errors${api.value.firstError ? ` (first: ${api.value.firstError})` : ''}, ${(api.value.wallMs / 1000).toFixed(1)} s; ` +
      `SQL: ${apiCheck.approved} of the ${APPROVALS} approved at version + 1 by the reviewer, ${apiCheck.oneEvent} with exactly one 'approved' event; ` +
      `pending dropped by ${results.api.pendingDrop}, ${results.api.eventsAdded} 'approved' events added`,
  )

  pendingBefore = await pendingCount(s.sql, s.ids.projectId)
  const upd = await cpu(APPROVALS, () => runConcurrently(updateTags, CONCURRENCY, update))
  const updCheck = await checkApproved(s.sql, updateTags, null)
  results.update = { ...upd.value, cpu: upd.perUnit, approved: updCheck.approved, pendingDrop: pendingBefore - (await pendingCount(s.sql, s.ids.projectId)) }
  log(`UPDATE: ${upd.value.latencies.length} rows, ${upd.value.errors} errors, ${(upd.value.wallMs / 1000).toFixed(1)} s; SQL: ${updCheck.approved} of the ${APPROVALS} approved at version + 1`)
}

// ── 4: agreement ────────────────────────────────────────────────────────────────────────────
interface AgreementBody {
  annotators: string[]
  levels: { level: string; pairs: { documents: number }[]; summary: { pairs: number; labels: unknown[]; macro: { exactF1: number | null; overlapF1: number | null; kappa: number | null } } }[]
  computedInMs: number
}

async function getAgreement(s: Setup): Promise<{ run: AgreementRun; body: AgreementBody }> {
  const t0 = performance.now()
  const response = await fetch(`${s.server.baseURL}/api/v1/projects/${s.ids.projectId}/agreement`, { headers: { Authorization: `Bearer ${s.token}` } })
  const text = await response.text()
  const httpMs = performance.now() - t0
  if (response.status !== 200) throw new Error(`agreement: HTTP ${response.status}: ${text.slice(0, 200)}`)
  const body = JSON.parse(text) as AgreementBody
  return { run: { httpMs, computedInMs: body.computedInMs, bytes: Buffer.byteLength(text) }, body }
}

async function agreementPhase(s: Setup, results: Results) {
  section(`Agreement: ${AGREEMENT_RUNS} requests after one warm-up`)
  const first = await getAgreement(s)
  log(`warm-up (first request): ${ms(first.run.httpMs)}, computedInMs ${first.run.computedInMs}`)
  const runs: AgreementRun[] = []
  if (s.statementStats) await resetStatementStats(s.sql)
  const { perUnit } = await cpu(AGREEMENT_RUNS, () =>
    timed(results, 'agreement', async () => {
      for (let i = 0; i < AGREEMENT_RUNS; i++) {
        const { run } = await getAgreement(s)
        runs.push(run)
        log(`run ${i + 1}: ${ms(run.httpMs)}, computedInMs ${run.computedInMs}, ${(run.bytes / 1024).toFixed(0)} KB`)
      }
    }),
  )
  if (s.statementStats) results.statements.push({ title: 'agreement', units: AGREEMENT_RUNS, list: await readStatementStats(s.sql) })
  const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2))
  const sanity = [
    `first request ${ms(first.run.httpMs)}; ${first.body.annotators.length} annotators`,
    ...first.body.levels.map(
      (l) =>
        `${l.level}: ${l.summary.pairs} pairs over ${Math.min(...l.pairs.map((p) => p.documents))}–${Math.max(...l.pairs.map((p) => p.documents))} shared reports, ${l.summary.labels.length} labels; ` +
        `macro exact-span F1 ${f(l.summary.macro.exactF1)}, overlap F1 ${f(l.summary.macro.overlapF1)}, kappa ${f(l.summary.macro.kappa)}`,
    ),
  ]
  for (const line of sanity) log(line)
  results.agreement = { runs, cpu: perUnit, sanity }
}

// ── 5: diagnostic: a candidate index and other query shapes ─────────────────────────────────
async function candidatePhase(s: Setup, results: Results) {
  section('Diagnostic: the queue with a candidate index (same data; the index is dropped afterwards)')
  log(CANDIDATE_INDEX)
  await s.sql.query(CANDIDATE_INDEX)
  try {
    await candidateMeasurements(s, results)
  } finally {
    // The approvals are measured on the app's own schema.
    await s.sql.query(`DROP INDEX IF EXISTS "${CANDIDATE_INDEX_NAME}"`)
  }
}

async function candidateMeasurements(s: Setup, results: Results) {
  await s.sql.query('VACUUM ANALYZE "Tag"')
  for (const c of queueCases(s)) results.candidate.push(await measureQueueCase(s, c, results, `candidate index, ${c.name}`))

  // Query shapes the service could use, as plans with the candidate index in place.
  const first = queueSql(s, {})
  const deep = queueSql(s, { page: 200 })
  const where = /WHERE (.*) ORDER BY/.exec(first.page.text)![1]
  const shapes = [
    { name: 'count capped at 1,001 rows (the UI shows "1,000+")', sql: `SELECT count(*) FROM (SELECT 1 FROM "Tag" WHERE ${where} LIMIT 1001) s`, params: first.count.params },
    {
      name: 'page 200 as a deferred join (the offset walks the index only, 50 rows are read from the table)',
      sql: `SELECT t.* FROM "Tag" t JOIN (SELECT id, "createdAt" FROM "Tag" WHERE ${where} ORDER BY "createdAt", id LIMIT ${PAGE_SIZE} OFFSET ${199 * PAGE_SIZE}) p ON p.id = t.id ORDER BY p."createdAt", p.id`,
      params: deep.page.params,
    },
    { name: 'page 200 as plain OFFSET (what the service does), for comparison', sql: deep.page.text, params: deep.page.params },
  ]
  for (const shape of shapes) {
    const plan = await explainAnalyze(s.sql, shape.sql, shape.params)
    results.shapes.push({ name: shape.name, sql: shape.sql, plan })
    log(`${shape.name}: ${ms(plan.executionMs, 2)}`)
  }
}

const serverProfileDir = () => path.join(outputDir(), 'server-profile-review')

/** Runs `work` and notes its monotonic-clock window, to cut the server's CPU profile. */
async function timed<T>(results: Results, title: string, work: () => Promise<T>): Promise<T> {
  const fromUs = monotonicUs()
  const value = await work()
  results.windows.set(title, { fromUs, toUs: monotonicUs() })
  return value
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
    if (!title.startsWith('candidate')) results.serverProfiles.push({ title, summary: summarizeCpuProfile(largest, window) })
  }
  log(`Server CPU profile: ${largest}`)
}

// ── 6: the report ───────────────────────────────────────────────────────────────────────────
type Row = [string, string, string, string, string]
const verdict = (ok: boolean | null) => (ok === null ? '—' : ok ? 'PASS' : 'MISS')
const triple = (values: number[], digits = 1) => `${ms(median(values), digits)} / ${ms(p95(values), digits)} / ${ms(Math.max(...values), 0)}`

function queueRows(list: QueueResult[], title: string, diagnostic: boolean): Row[] {
  const rows: Row[] = []
  list.forEach((q, i) => {
    const target = q.target && !diagnostic
    rows.push([
      i === 0 ? title : '',
      `${q.name}: round trip p50 / p95 / max`,
      `${triple(q.latencies)} (${q.items} of ${q.total.toLocaleString('en')})`,
      target ? `p95 < ${QUEUE_TARGET_MS} ms` : '(diagnostic)',
      target ? verdict(p95(q.latencies) < QUEUE_TARGET_MS) : '—',
    ])
    if (q.sql) rows.push(['', '  SQL per request: page / count / all statements', `${ms(q.sql.pageMs, 2)} / ${ms(q.sql.countMs, 2)} / ${ms(q.sql.allMs, 2)} (${q.sql.statements.toFixed(0)})`, '', '—'])
  })
  return rows
}

function figureRows(r: Results): Row[] {
  const rows: Row[] = queueRows(r.queue, `review queue, pageSize ${PAGE_SIZE}, ${QUEUE_RUNS} sequential`, false)
  if (r.api && r.update) {
    const a = r.api.latencies
    const u = r.update.latencies
    const ratio = p95(a) / p95(u)
    rows.push([`approve, ${CONCURRENCY} clients`, `POST /api/v1/tags/{id}/review p50 / p95 / max (${APPROVALS})`, triple(a), '', '—'])
    rows.push(['', 'API throughput', `${(a.length / (r.api.wallMs / 1000)).toFixed(0)} approvals/s`, '', '—'])
    rows.push(['', 'API errors', String(r.api.errors), '0', verdict(r.api.errors === 0)])
    rows.push(['', 'approved at version + 1 by the reviewer (SQL)', `${r.api.approved} / ${APPROVALS}`, String(APPROVALS), verdict(r.api.approved === APPROVALS)])
    rows.push(['', "  with exactly one 'approved' TagEvent", `${r.api.oneEvent} / ${APPROVALS}`, String(APPROVALS), verdict(r.api.oneEvent === APPROVALS)])
    rows.push(['', "  pending dropped by / 'approved' events added", `${r.api.pendingDrop} / ${r.api.eventsAdded}`, `${APPROVALS} / ${APPROVALS}`, verdict(r.api.pendingDrop === APPROVALS && r.api.eventsAdded === APPROVALS)])
    rows.push(['', `plain UPDATE p50 / p95 / max (pg, pool of ${CONCURRENCY})`, triple(u), '', '—'])
    rows.push(['', 'UPDATE throughput', `${(u.length / (r.update.wallMs / 1000)).toFixed(0)} rows/s`, '', '—'])
    rows.push(['', 'UPDATE errors / rows approved (SQL)', `${r.update.errors} / ${r.update.approved}`, `0 / ${APPROVALS}`, verdict(r.update.errors === 0 && r.update.approved === APPROVALS)])
    rows.push(['', 'API p95 / UPDATE p95', `${ratio.toFixed(2)}×`, '< 3×', verdict(ratio < 3)])
    if (r.floor) {
      const f = r.floor.latencies
      rows.push([
        '',
        `floor: GET /api/health/live, ${CONCURRENCY} clients: p50 / p95 (${f.length})`,
        `${ms(median(f), 1)} / ${ms(p95(f), 1)}; p95 ÷ UPDATE p95 ${(p95(f) / p95(u)).toFixed(2)}×${r.floor.errors ? `, ${r.floor.errors} errors` : ''}`,
        '(diagnostic)',
        '—',
      ])
    }
  }
  if (r.agreement) {
    const http = r.agreement.runs.map((x) => x.httpMs)
    const computed = r.agreement.runs.map((x) => x.computedInMs)
    rows.push([`agreement, ${DOCUMENTS} reports × 3 annotators`, `GET /api/v1/projects/{id}/agreement median (max of ${AGREEMENT_RUNS})`, `${ms(median(http))} (${ms(Math.max(...http))})`, `< ${AGREEMENT_TARGET_MS} ms`, verdict(median(http) < AGREEMENT_TARGET_MS)])
    rows.push(['', 'computedInMs (computeAgreement alone) median (max)', `${ms(median(computed))} (${ms(Math.max(...computed))})`, `< ${AGREEMENT_TARGET_MS} ms`, verdict(median(computed) < AGREEMENT_TARGET_MS)])
    rows.push(['', 'response size', `${(r.agreement.runs[0].bytes / 1024).toFixed(0)} KB`, '', '—'])
  }
  rows.push(...queueRows(r.candidate, 'diagnostic: review queue with the candidate index', true))
  return rows
}

function cpuRows(r: Results): string[][] {
  const rows: string[][] = []
  const add = (unit: string, c: CpuSnapshot | null | undefined) => {
    if (c) rows.push([unit, ms(c.server, 1), ms(c.postgres, 1), ms(c.bench, 1)])
  }
  for (const q of r.queue) add(`queue request: ${q.name}`, q.cpu)
  add('approve through the API', r.api?.cpu)
  add('plain UPDATE', r.update?.cpu)
  add('floor: GET /api/health/live', r.floor?.cpu)
  add('agreement request', r.agreement?.cpu)
  for (const q of r.candidate) add(`diagnostic, candidate index: queue request, ${q.name}`, q.cpu)
  return rows
}

function planLines(list: QueueResult[]): string[] {
  const lines: string[] = []
  for (const q of list) {
    lines.push(`${q.name} (${q.query}):`)
    for (const [which, plan] of [
      ['page', q.plans.page],
      ['count', q.plans.count],
    ] as const) {
      lines.push(`  ${which}: ${ms(plan.executionMs, 2)}`)
      for (const line of plan.keyLines.filter((l) => !/Execution Time/.test(l)).slice(0, 8)) lines.push(`    ${line.trimEnd()}`)
    }
  }
  return lines
}

function statementLines(r: Results): string[] {
  const lines: string[] = []
  for (const phase of r.statements) {
    const total = phase.list.reduce((a, st) => a + st.totalMs, 0)
    lines.push(`Statements of the app during "${phase.title}" (pg_stat_statements; ${ms(total / phase.units, 2)} of SQL per unit over ${phase.units} units):`)
    for (const st of phase.list.slice(0, 10)) {
      lines.push(`  ${String(st.calls).padStart(5)} calls, mean ${ms(st.meanMs, 3).padStart(10)}, ${ms(st.totalMs / phase.units, 3).padStart(9)} per unit: ${st.query.replace(/\s+/g, ' ').slice(0, 180)}`)
    }
    lines.push('')
  }
  return lines
}

function shapeLines(r: Results): string[] {
  const lines: string[] = []
  for (const shape of r.shapes) {
    lines.push(`${shape.name}: ${ms(shape.plan.executionMs, 2)}`, `  ${shape.sql}`)
    for (const line of shape.plan.keyLines.filter((l) => !/Execution Time/.test(l)).slice(0, 10)) lines.push(`    ${line.trimEnd()}`)
  }
  return lines
}

function profileLines(r: Results): string[] {
  const lines: string[] = []
  for (const p of r.serverProfiles) {
    const t = p.summary
    lines.push(`Server CPU profile, ${p.title}: ${ms(t.sampledMs)} of samples`)
    lines.push(`  JS by package (self): ${t.byScript.map(([c, v]) => `${c} ${ms(v)}`).join(', ')}`)
    lines.push('  top JS functions, self time:')
    for (const f of t.selfJs.slice(0, 12)) lines.push(`    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`)
    lines.push('  top JS functions, total time (with what they call):')
    for (const f of t.totalJs.slice(0, 12)) lines.push(`    ${ms(f.ms).padStart(8)}  ${f.fn}  ${f.where}`)
    lines.push('')
  }
  return lines
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

/** The command of this run, with the settings that differ from the defaults. */
function command(): string {
  const set = ['BENCH_PORT', 'TAGBENCH_PG_PORT', 'BENCH_PROFILE_SERVER'].filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]} `)
  return `${set.join('')}npm run bench:review`
}

function writeBenchmarks(block: string) {
  log(`Figures written into ${writeBenchmarkFigures('review', 'Review', block)}`)
}

function report(r: Results) {
  section('Results')
  const header = ['workload', 'figure', 'measured', 'target', 'result']
  const rows = figureRows(r)
  const cpuHeader = ['unit', 'app server (Node)', 'Postgres', 'bench script']
  const cpuTable = cpuRows(r)
  const duration = ((Date.now() - started.getTime()) / 1000).toFixed(0)
  console.log(table(header, rows))
  console.log(`\nCPU time per unit of work (from /proc):\n${table(cpuHeader, cpuTable)}`)
  console.log(`\nData: ${r.setupNotes.join('; ')}`)
  if (r.agreement) console.log(`Agreement: ${r.agreement.sanity.join('; ')}`)
  console.log(`Machine: ${machine()}`)
  console.log(`Run: ${started.toISOString()}, ${duration} s`)
  const statements = statementLines(r)
  const plans = planLines(r.queue)
  const candidatePlans = planLines(r.candidate)
  const shapes = shapeLines(r)
  const profiles = profileLines(r)
  const evidence = [
    ...statements,
    ...(plans.length ? ['Plans of the equivalent SQL (EXPLAIN ANALYZE, run once after the measured requests):', ...plans, ''] : []),
    ...(candidatePlans.length ? [`Diagnostic, with the candidate index (${CANDIDATE_INDEX}), after VACUUM ANALYZE:`, ...candidatePlans, ''] : []),
    ...(shapes.length ? ['Diagnostic, other query shapes (candidate index in place):', ...shapes, ''] : []),
    ...profiles,
  ]
  if (evidence.length) console.log(`\n${evidence.join('\n')}`)
  for (const error of r.errors) console.error(`\nNOT MEASURED: ${error}`)
  const misses = rows.filter((x) => x[4] === 'MISS')
  console.log(`\n${rows.filter((x) => x[4] === 'PASS').length} pass, ${misses.length} miss${r.errors.length ? `, ${r.errors.length} phase(s) not measured` : ''}`)

  mkdirSync(outputDir(), { recursive: true })
  const stamp = `${started.toISOString().slice(0, 10)}, ${started.toISOString().slice(11, 16)} UTC`
  const block = [
    `### Figures — ${stamp}`,
    '',
    '```',
    command(),
    '```',
    '',
    `Machine: ${machine()}. The run took ${duration} s.`,
    '',
    `Data: ${r.setupNotes.join('; ')}.${r.agreement ? ` Agreement: ${r.agreement.sanity.join('; ')}.` : ''}`,
    '',
    markdownTable(header, rows),
    '',
    'CPU time per unit of work, from `/proc`, in the same run:',
    '',
    markdownTable(cpuHeader, cpuTable),
    ...(r.errors.length ? ['', ...r.errors.map((e) => `NOT MEASURED: ${e}`)] : []),
  ].join('\n')
  writeFileSync(path.join(outputDir(), 'review.md'), `${block}\n\n\`\`\`\n${evidence.join('\n')}\n\`\`\`\n`)
  const withPlans = (q: QueueResult) => ({ ...q, plans: { page: q.plans.page.text, count: q.plans.count.text } })
  const raw = {
    started,
    queue: r.queue.map(withPlans),
    candidate: r.candidate.map(withPlans),
    shapes: r.shapes.map((x) => ({ ...x, plan: x.plan.text })),
    statements: r.statements,
    serverProfiles: r.serverProfiles,
    api: r.api,
    update: r.update,
    floor: r.floor,
    agreement: r.agreement,
  }
  writeFileSync(path.join(outputDir(), 'review.json'), JSON.stringify(raw, null, 1))
  console.log(`Markdown: ${path.join(outputDir(), 'review.md')}; raw figures and full plans: ${path.join(outputDir(), 'review.json')}`)
  writeBenchmarks(block)
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────
async function main(): Promise<number> {
  const results: Results = { queue: [], candidate: [], shapes: [], statements: [], windows: new Map(), serverProfiles: [], setupNotes: [], errors: [] }
  let s: Setup
  try {
    s = await setup(results.setupNotes)
  } catch (error) {
    console.error(`\nSetup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  }
  // Each phase runs on its own: a failure in one is reported and the others still measure.
  const phase = async (name: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      results.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
      console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }
  await phase('review queue', () => queuePhase(s, results))
  await phase('diagnostic (candidate index)', () => candidatePhase(s, results))
  await phase('approve', () => approvePhase(s, results))
  await phase('agreement', () => agreementPhase(s, results))
  if (env.BENCH_PROFILE_SERVER === '1') await phase('server profile', () => readServerProfiles(s.server, results))
  report(results)
  return results.errors.length ? 1 : 0
}

const code = await main()
await cleanup()
process.exit(code)
