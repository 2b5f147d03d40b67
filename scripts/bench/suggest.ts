// npm run bench:suggest: how fast the suggestion engine (lib/suggest/) is on the bench:export data:
// 2,000 reports of 10,000 code points and 100,000 approved tags in the demo project, generated and
// inserted by scripts/bench/lib/export-data.ts into this benchmark's own embedded Postgres
// (.data/bench-suggest-postgres, port TAGBENCH_PG_PORT or 54351; kept and reused between runs).
//
//   1. a child process (`node --import tsx`, so that its peak memory is its own) loads the labels,
//      texts and approved tags with one query each, as the training job would, and trains the model:
//      training time, and peak RSS (VmHWM) of the whole process, loading included; then, with the
//      model loaded from its JSON, suggestions for one report of 200,000 code points (20 reports
//      end to end): the model, the rules (the taxonomy's keywords) and propagation;
//   2. a second child builds the propagation index over all reports' approved tags, serialises it,
//      rebuilds it from the JSON, and proposes for single reports as if each were new (its own tags
//      left out): candidates per report.
// Prints the table with the targets and writes it into BENCHMARKS.md between the bench:suggest marks.
// A miss is a figure: it exits 0, and 1 only when the setup or a measurement could not run.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { z } from 'zod'
import { SuggestModel, trainModel } from '../../lib/suggest/model'
import { PropagationIndex } from '../../lib/suggest/propagate'
import { suggestByRules } from '../../lib/suggest/rules'
import type { GoldDocument, SourceDocument, SuggestLabel } from '../../lib/suggest/types'
import { onShutdown } from '../lib/process'
import { writeBenchmarkFigures } from './lib/benchmarks-file'
import { prepareExportDatabase } from './lib/export-data'
import { markdownTable, mb, median, ms, table } from './lib/stats'

const RESULT_PREFIX = '@@bench-suggest-result '
const PG_FOLDER = 'bench-suggest-postgres'
const PG_PORT = 54351
const DB_NAME = 'tagbench_bench_suggest'
const DEMO_PASSWORD = 'tagbench-bench-password'
const MB = 1024 * 1024
const TARGETS = { trainMs: 60_000, trainRss: 500 * MB, suggestMs: 1_000, indexMs: 60_000, proposeMs: 1_000 }
const BIG_REPORT_PARTS = 20

const env = z.object({ BENCH_SUGGEST_ROUNDS: z.coerce.number().int().min(1).max(20).default(3) }).parse(process.env)

function vmHwmBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) * 1024 : Number.NaN
}

interface Loaded {
  labels: SuggestLabel[]
  docs: SourceDocument[]
  loadMs: number
}

/** What the training job reads: live labels, the texts of documents with an approved tag, their approved tags. */
async function load(url: string, projectId: string): Promise<Loaded> {
  const t0 = performance.now()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const labels = await client.query<{ id: string; name: string; parentId: string | null; keywords: string[]; parentName: string | null }>(
      `SELECT l.id, l.name, l."parentId", l.keywords, p.name AS "parentName" FROM "Label" l LEFT JOIN "Label" p ON p.id = l."parentId"
       WHERE l."projectId" = $1 AND NOT l.archived ORDER BY l."parentId" NULLS FIRST, l."order"`,
      [projectId],
    )
    const texts = await client.query<{ id: string; text: string }>(
      `SELECT d.id, d.text FROM "Document" d WHERE d."projectId" = $1
       AND EXISTS (SELECT 1 FROM "Tag" t WHERE t."documentId" = d.id AND t.status = 'approved' AND t."deletedAt" IS NULL) ORDER BY d.id`,
      [projectId],
    )
    const tags = await client.query<{ id: string; documentId: string; labelId: string; start: number; end: number }>(
      `SELECT id, "documentId", "labelId", start, "end" FROM "Tag" WHERE "projectId" = $1 AND status = 'approved' AND "deletedAt" IS NULL`,
      [projectId],
    )
    const byDoc = new Map<string, SourceDocument>(texts.rows.map((d) => [d.id, { documentId: d.id, text: d.text, tags: [] }]))
    for (const t of tags.rows) byDoc.get(t.documentId)?.tags.push({ tagId: t.id, labelId: t.labelId, start: t.start, end: t.end })
    return {
      labels: labels.rows.map((l) => ({ id: l.id, path: l.parentName ? `${l.parentName}/${l.name}` : l.name, parentId: l.parentId, keywords: l.keywords })),
      docs: [...byDoc.values()],
      loadMs: performance.now() - t0,
    }
  } finally {
    await client.end()
  }
}

interface TrainChild {
  documents: number
  tags: number
  loadMs: number
  trainMs: number
  trainRss: number
  modelBytes: number
  labelsWithThreshold: number
  labelsTrained: number
  modelLoadMs: number
  bigReportCodePoints: number
  suggestModelMs: number[]
  suggestRulesMs: number[]
  suggestPropagationMs: number[]
  suggestions: { model: number; rules: number; propagation: number }
  peakRss: number
}

interface PropagateChild {
  tags: number
  buildMs: number
  passages: number
  skipped: number
  jsonBytes: number
  serialiseMs: number
  rebuildMs: number
  buildRss: number
  proposeMs: number[]
  candidates: number[]
  peakRss: number
}

async function childTrain(url: string, projectId: string): Promise<TrainChild> {
  const { labels, docs, loadMs } = await load(url, projectId)
  const gold: GoldDocument[] = docs
  const t0 = performance.now()
  const trained = trainModel(gold, labels)
  const trainMs = performance.now() - t0
  const trainRss = vmHwmBytes()
  if (!trained.ok) throw new Error(`training refused: ${trained.detail}`)
  const json = JSON.stringify(trained.model)
  const t1 = performance.now()
  const model = new SuggestModel(JSON.parse(json), labels)
  const modelLoadMs = performance.now() - t1
  // One report of 200,000 code points: 20 reports end to end, a line break between them.
  const big = docs
    .slice(0, BIG_REPORT_PARTS)
    .map((d) => d.text)
    .join('\n')
  const index = PropagationIndex.build(docs.slice(BIG_REPORT_PARTS))
  const suggestModelMs: number[] = []
  const suggestRulesMs: number[] = []
  const suggestPropagationMs: number[] = []
  const counts = { model: 0, rules: 0, propagation: 0 }
  for (let round = 0; round < env.BENCH_SUGGEST_ROUNDS; round++) {
    let t = performance.now()
    counts.model = model.suggest(big).length
    suggestModelMs.push(performance.now() - t)
    t = performance.now()
    counts.rules = suggestByRules(big, labels, []).candidates.length
    suggestRulesMs.push(performance.now() - t)
    t = performance.now()
    counts.propagation = index.propose(big).length
    suggestPropagationMs.push(performance.now() - t)
  }
  return {
    documents: docs.length,
    tags: docs.reduce((n, d) => n + d.tags.length, 0),
    loadMs,
    trainMs,
    trainRss,
    modelBytes: Buffer.byteLength(json),
    labelsTrained: trained.model.labels.length,
    labelsWithThreshold: trained.model.labels.filter((l) => l.threshold !== null).length,
    modelLoadMs,
    bigReportCodePoints: Array.from(big).length,
    suggestModelMs,
    suggestRulesMs,
    suggestPropagationMs,
    suggestions: counts,
    peakRss: vmHwmBytes(),
  }
}

async function childPropagate(url: string, projectId: string): Promise<PropagateChild> {
  const { docs } = await load(url, projectId)
  const t0 = performance.now()
  const index = PropagationIndex.build(docs)
  const buildMs = performance.now() - t0
  const buildRss = vmHwmBytes()
  const t1 = performance.now()
  const json = JSON.stringify(index.toJSON())
  const serialiseMs = performance.now() - t1
  const t2 = performance.now()
  const rebuilt = PropagationIndex.fromJSON(JSON.parse(json))
  const rebuildMs = performance.now() - t2
  const proposeMs: number[] = []
  const candidates: number[] = []
  // Reports spread over the corpus, each proposed for as if new (its own tags are never proposed back).
  for (let k = 0; k < env.BENCH_SUGGEST_ROUNDS * 2; k++) {
    const doc = docs[Math.floor(((k + 0.5) * docs.length) / (env.BENCH_SUGGEST_ROUNDS * 2))]
    const t = performance.now()
    candidates.push(rebuilt.propose(doc.text, { documentId: doc.documentId }).length)
    proposeMs.push(performance.now() - t)
  }
  return {
    tags: index.size.tags,
    buildMs,
    passages: index.size.passages,
    skipped: index.skipped,
    jsonBytes: Buffer.byteLength(json),
    serialiseMs,
    rebuildMs,
    buildRss,
    proposeMs,
    candidates,
    peakRss: vmHwmBytes(),
  }
}

// ── Child mode ───────────────────────────────────────────────────────────────────────────────
const childMode = process.argv[2] === '--child' ? process.argv[3] : null
if (childMode) {
  const url = process.env.DATABASE_URL!
  const projectId = process.env.BENCH_SUGGEST_PROJECT!
  const result = childMode === 'train' ? await childTrain(url, projectId) : await childPropagate(url, projectId)
  console.log(RESULT_PREFIX + JSON.stringify(result))
  process.exit(0)
}

// ── Parent ───────────────────────────────────────────────────────────────────────────────────
const running = new Set<ChildProcess>()
const cleanups: (() => Promise<void>)[] = []
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`))
}
onShutdown(cleanup, () => [...running])

function runChild<T>(mode: 'train' | 'propagate', url: string, projectId: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode], {
      env: { ...process.env, DATABASE_URL: url, BENCH_SUGGEST_PROJECT: projectId },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    running.add(child)
    let stdout = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      running.delete(child)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T)
      else reject(new Error(`the ${mode} child exited with ${code}: ${stdout.slice(-2000)}`))
    })
  })
}

const started = new Date()
const mark = (ok: boolean) => (ok ? 'yes' : '**no**')
try {
  const setup = await prepareExportDatabase({ name: DB_NAME, folder: PG_FOLDER, port: PG_PORT, demoPassword: DEMO_PASSWORD, log: (l) => console.log(l) })
  cleanups.push(() => setup.database.stop())
  const loadAtStart = os.loadavg()
  console.log('\n━━ training and suggestions (child process)')
  const train = await runChild<TrainChild>('train', setup.url, setup.projectId)
  console.log('━━ propagation index (child process)')
  const prop = await runChild<PropagateChild>('propagate', setup.url, setup.projectId)
  const loadAtEnd = os.loadavg()

  const suggestTotal = train.suggestModelMs.map((m, k) => m + train.suggestRulesMs[k] + train.suggestPropagationMs[k])
  const rows: string[][] = [
    ['data', `${train.documents.toLocaleString('en')} reports, ${train.tags.toLocaleString('en')} approved tags (loaded in ${ms(train.loadMs)})`, '', ''],
    ['training (model, all labels, thresholds on a 20 % hold-out by document, refit)', ms(train.trainMs), '< 60 s', mark(train.trainMs < TARGETS.trainMs)],
    ['training process peak RSS (VmHWM, data loaded included)', mb(train.trainRss), '< 500 MB', mark(train.trainRss < TARGETS.trainRss)],
    ['model JSON', `${mb(train.modelBytes)}; ${train.labelsTrained} labels trained, ${train.labelsWithThreshold} with a threshold; loaded in ${ms(train.modelLoadMs)}`, '', ''],
    [`suggestions for one report of ${train.bigReportCodePoints.toLocaleString('en')} code points: model`, `${ms(median(train.suggestModelMs))} (${train.suggestions.model} suggestions)`, '', ''],
    ['… rules (the taxonomy\'s keywords)', `${ms(median(train.suggestRulesMs))} (${train.suggestions.rules})`, '', ''],
    ['… propagation (index of the other reports)', `${ms(median(train.suggestPropagationMs))} (${train.suggestions.propagation})`, '', ''],
    ['… all three', ms(median(suggestTotal)), '< 1 s', mark(median(suggestTotal) < TARGETS.suggestMs)],
    ['propagation index built for all reports', `${ms(prop.buildMs)} (${prop.tags.toLocaleString('en')} tags, ${prop.passages.toLocaleString('en')} distinct passages, ${prop.skipped} left out)`, '< 60 s', mark(prop.buildMs < TARGETS.indexMs)],
    ['… as JSON, and rebuilt from it', `${mb(prop.jsonBytes)} in ${ms(prop.serialiseMs)}; rebuilt in ${ms(prop.rebuildMs)}`, '', ''],
    ['… process peak RSS', mb(prop.peakRss), '', ''],
    ['candidates for one new report (10,000 code points)', `${ms(median(prop.proposeMs))} (${Math.min(...prop.proposeMs).toFixed(0)}–${Math.max(...prop.proposeMs).toFixed(0)} ms; ${median(prop.candidates)} candidates)`, '< 1 s', mark(median(prop.proposeMs) < TARGETS.proposeMs)],
    ['load average (1, 5, 15 min) at start and end', `${loadAtStart.map((x) => x.toFixed(2)).join(', ')}; ${loadAtEnd.map((x) => x.toFixed(2)).join(', ')}`, '', ''],
  ]
  const header = ['figure', 'measured', 'target', 'met']
  console.log(`\n${table(header, rows)}`)
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const block = [
    `Run ${started.toISOString().slice(0, 16)}Z on ${os.availableParallelism()} cores (${cpu}), Node ${process.version}; ${env.BENCH_SUGGEST_ROUNDS} rounds per suggestion figure (median). Command: \`npm run bench:suggest\`.`,
    `Data: ${setup.notes.join('; ')}. The bench's labels are drawn at random, so the model learns little from them: the figures are of speed, not of quality (quality: \`npm run eval:suggest\`).`,
    '',
    markdownTable(header, rows),
  ].join('\n')
  console.log(`Written into ${writeBenchmarkFigures('suggest', 'Suggestions', block)}`)
  await cleanup()
  process.exit(0)
} catch (error) {
  console.error(error)
  await cleanup()
  process.exit(1)
}
