// npm run eval:suggest -- [<export.jsonl>] [--taxonomy <file>] [--sources rule,model,propagation]
//                                       [--folds N] [--target-precision 0.9] [--no-curve] [--json]
//                                       [--train-docs 3] [--mute-below 0.5] [--unseen keep|mute] [--no-learn-keywords]
// Without a file it reads the labelled demo set (seeds/corpus/labelled, docs/decisions/0029) on the
// seeded text of the five demo reports and the demo taxonomy.
// Measures the three suggestion sources on a labelled corpus given as a Tagbench JSONL export
// (lib/export/formats/jsonl.ts): approved spans are the truth; every document is held out in turn
// (leave-one-document-out, 10 folds by document beyond 10 documents) and suggested for from the
// others (lib/suggest/evaluate.ts). Labels and their keywords come from --taxonomy (a taxonomy file,
// or an export's manifest.json), by default the manifest.json beside the export when there is one.
// Besides leave-one-document-out, "3 reports → 2" (--train-docs): every choice of that many training
// documents, the others tested (10 splits on the demo), with the mean and spread of the figures.
// No database, no server. A measurement, not a gate: it exits 0, and 1 only on bad input.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { parseTaxonomyFile } from '../lib/taxonomy/taxonomy-file'
import { SOURCES, choose, evaluateSplits, evaluateSuggestions, type Counts, type EvaluationReport, type SplitsReport, type Spread } from '../lib/suggest/evaluate'
import { normaliseText } from '../lib/ingest/extract/normalise'
import { locateQuote, readLabelledSet } from '../seeds/labelled'
import type { GoldDocument, SuggestLabel, SuggestionSource } from '../lib/suggest/types'

const fail = (sentence: string): never => {
  console.error(sentence)
  process.exit(1)
}

const argsSchema = z.object({
  file: z.string().optional(),
  taxonomy: z.string().optional(),
  sources: z
    .string()
    .default(SOURCES.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(['rule', 'model', 'propagation'], { message: 'sources are rule, model and propagation, separated by commas' })).min(1)),
  folds: z.coerce.number().int().min(2, 'folds must be at least 2').optional(),
  targetPrecision: z.coerce.number().gt(0).max(1, 'the target precision is a share between 0 and 1').default(0.9),
  curve: z.boolean().default(true),
  json: z.boolean().default(false),
  trainDocs: z.coerce.number().int().min(1, 'train-docs must be at least 1').optional(),
  muteBelow: z.coerce.number().min(0).max(1, 'mute-below is a share between 0 and 1').optional(),
  unseen: z.enum(['keep', 'mute'], { message: 'unseen is keep or mute' }).optional(),
  learnKeywords: z.boolean().default(true),
})

let parsed: ReturnType<typeof parseArgs>
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      taxonomy: { type: 'string' },
      sources: { type: 'string' },
      folds: { type: 'string' },
      'target-precision': { type: 'string' },
      'no-curve': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'train-docs': { type: 'string' },
      'mute-below': { type: 'string' },
      unseen: { type: 'string' },
      'no-learn-keywords': { type: 'boolean', default: false },
    },
  })
} catch (error) {
  fail(`${(error as Error).message}. Usage: npm run eval:suggest -- <export.jsonl> [--taxonomy file] [--sources rule,model,propagation] [--folds N] [--target-precision 0.9] [--no-curve] [--json]`)
}
const { values, positionals } = parsed!
const args = (() => {
  const result = argsSchema.safeParse({
    file: positionals[0],
    taxonomy: values.taxonomy,
    sources: values.sources,
    folds: values.folds,
    targetPrecision: values['target-precision'],
    curve: !values['no-curve'],
    json: values.json,
    trainDocs: values['train-docs'],
    muteBelow: values['mute-below'],
    unseen: values.unseen,
    learnKeywords: !values['no-learn-keywords'],
  })
  if (!result.success) return fail(`eval:suggest: ${result.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`)
  return result.data
})()

// ── The export: one JSON document per line; only what evaluation reads is required ──────────
const spanSchema = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  label: z.string().min(1),
  label_path: z.array(z.string().min(1)).min(1).max(2),
  status: z.string(),
})
const lineSchema = z.object({ id: z.string().min(1), text: z.string(), spans: z.array(spanSchema) })

const exported: z.infer<typeof lineSchema>[] = []
const source = args.file ?? 'the labelled demo set (seeds/corpus/labelled)'
if (args.file) readExport(args.file)
else await readDemoSet()

function readExport(file: string) {
  if (!existsSync(file)) fail(`eval:suggest: ${file} does not exist.`)
  const lines = readFileSync(file, 'utf8').split('\n')
  lines.forEach((line, k) => {
    if (!line.trim()) return
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      fail(`eval:suggest: line ${k + 1} of ${file} is not JSON: is this a Tagbench JSONL export?`)
    }
    const doc = lineSchema.safeParse(json)
    if (!doc.success) fail(`eval:suggest: line ${k + 1} of ${file} is not a Tagbench JSONL document: ${doc.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    for (const span of doc.data!.spans) {
      if (span.end <= span.start || span.end > Array.from(doc.data!.text).length) fail(`eval:suggest: line ${k + 1}: a span [${span.start}, ${span.end}) is outside the text.`)
    }
    exported.push(doc.data!)
  })
}

/** The labelled demo set as an export would hold it: the seeded text of each report (ADR 0029) and its tags, approved. */
async function readDemoSet() {
  const corpus = path.resolve(import.meta.dirname, '../seeds/corpus')
  const metadata = JSON.parse(readFileSync(path.join(corpus, 'metadata.json'), 'utf8')) as { reports: { file: string; body_starts_with: string; body_ends_with: string }[] }
  for (const report of await readLabelledSet()) {
    const meta = metadata.reports.find((r) => r.file === report.report)
    if (!meta) fail(`eval:suggest: ${report.report} is labelled but not a demo report.`)
    const raw = readFileSync(path.join(corpus, 'reports', report.report), 'utf8')
    // seeds/demo.ts extractBody: the hand-read body markers (not imported: that module opens the database).
    const start = raw.indexOf(meta!.body_starts_with)
    const text = normaliseText(raw.slice(start, raw.lastIndexOf(meta!.body_ends_with) + meta!.body_ends_with.length))
    const spans = report.tags.map((t) => {
      const span = locateQuote(text, t.quote, t.occurrence)
      if (!span) fail(`eval:suggest: a quote of ${report.report} is not in its text; run the seeds' tests.`)
      const labelPath = t.label_path.split('/')
      return { ...span!, label: labelPath[labelPath.length - 1], label_path: labelPath, status: 'approved' }
    })
    exported.push({ id: report.report, text, spans })
  }
}
if (exported.length < 2) fail(`eval:suggest: ${source} holds ${exported.length} document(s); evaluation by document needs at least 2.`)

// ── Labels: from the taxonomy (keywords for the rules), plus any path the spans use ──────────
const notes: string[] = []
const labels = new Map<string, SuggestLabel>()
const addLabel = (pathParts: string[], keywords: string[] = []) => {
  for (let depth = 1; depth <= pathParts.length; depth++) {
    const id = pathParts.slice(0, depth).join('/')
    const existing = labels.get(id)
    if (existing) {
      if (depth === pathParts.length && keywords.length && !existing.keywords.length) existing.keywords = keywords
      continue
    }
    labels.set(id, { id, path: id, parentId: depth > 1 ? pathParts[0] : null, keywords: depth === pathParts.length ? keywords : [] })
  }
}
const taxonomyFile =
  args.taxonomy ??
  (!args.file
    ? path.resolve(import.meta.dirname, '../seeds/corpus/taxonomy.json')
    : existsSync(path.join(path.dirname(args.file), 'manifest.json'))
      ? path.join(path.dirname(args.file), 'manifest.json')
      : undefined)
if (taxonomyFile) {
  if (!existsSync(taxonomyFile)) fail(`eval:suggest: the taxonomy ${taxonomyFile} does not exist.`)
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(taxonomyFile, 'utf8'))
  } catch {
    fail(`eval:suggest: ${taxonomyFile} is not JSON.`)
  }
  const taxonomy = parseTaxonomyFile(raw)
  if (!taxonomy.ok) fail(`eval:suggest: ${taxonomyFile} is not a taxonomy file or export manifest: ${taxonomy.problem}`)
  else for (const l of taxonomy.labels) addLabel(l.path, l.keywords)
} else notes.push('no taxonomy given and no manifest.json beside the export: labels come from the spans, without keywords (the keyword rules suggest nothing)')
const docs: GoldDocument[] = exported.map((d) => ({
  documentId: d.id,
  text: d.text,
  tags: d.spans
    .filter((s) => s.status === 'approved')
    .map((s) => {
      addLabel(s.label_path)
      return { start: s.start, end: s.end, labelId: s.label_path.join('/') }
    }),
}))

const t0 = performance.now()
const engineOptions = {
  sources: args.sources as SuggestionSource[],
  train: { targetPrecision: args.targetPrecision },
  learnKeywords: args.learnKeywords,
  muteBelow: args.muteBelow,
  unseenKeywords: args.unseen,
}
const report = evaluateSuggestions(docs, [...labels.values()], { ...engineOptions, folds: args.folds, learningCurve: args.curve })
// "3 reports → 2" by default on a corpus of up to 10 documents (the demo's case); any size with --train-docs.
const trainDocs = args.trainDocs ?? (docs.length >= 4 && docs.length <= 10 ? 3 : undefined)
if (trainDocs !== undefined && trainDocs >= docs.length) fail(`eval:suggest: --train-docs ${trainDocs} leaves no document to test on (${docs.length} documents).`)
const splits = trainDocs !== undefined ? evaluateSplits(docs, [...labels.values()], choose(docs.length, trainDocs), engineOptions) : null
const seconds = (performance.now() - t0) / 1000
report.notes.unshift(...notes)

if (args.json) {
  console.log(JSON.stringify({ file: source, taxonomy: taxonomyFile ?? null, targetPrecision: args.targetPrecision, seconds, ...report, trainDocs: trainDocs ?? null, splits }, null, 2))
} else {
  print(report)
  if (splits) printSplits(splits, trainDocs!)
}

function spreadText(s: Spread): string {
  return s.mean === null ? '–' : `${pct(s.mean)} ± ${(100 * s.sd!).toFixed(1)} (${pct(s.min)}–${pct(s.max)}, ${s.n})`
}
function printSplits(r: SplitsReport, n: number) {
  console.log(`\n${n} documents → ${docs.length - n}: all ${r.splits} splits (train on ${n}, suggest for the others). Mean ± sd (min–max, splits with a figure):`)
  console.log('| | precision | recall | suggested (all splits) | pooled precision | pooled recall |\n|---|---|---|---|---|---|')
  for (const s of args.sources as SuggestionSource[]) console.log(`| ${s} | ${spreadText(r.summary[s].precision)} | ${spreadText(r.summary[s].recall)} | ${r.summary[s].suggested} | ${pct(r.pooled[s].precision)} | ${pct(r.pooled[s].recall)} |`)
  console.log(`| all sources | ${spreadText(r.summary.combined.precision)} | ${spreadText(r.summary.combined.recall)} | ${r.summary.combined.suggested} | | |`)
  const head = '| | precision | recall | F1 | right | wrong | missed |\n|---|---|---|---|---|---|---|'
  for (const s of args.sources as SuggestionSource[]) {
    const rows = r.byLabel[s].filter((l) => l.tp + l.fp > 0)
    if (!rows.length) continue
    console.log(`\nPer label, ${s}, ${n} → ${docs.length - n} pooled over the splits (labels it suggested):\n${head}`)
    for (const l of rows) console.log(row(l.path, l))
  }
  if (r.notes.length) console.log(`\nNotes (splits):\n${[...new Set(r.notes)].map((x) => `- ${x}`).join('\n')}`)
}

function pct(x: number | null): string {
  return x === null ? '–' : `${(100 * x).toFixed(1)} %`
}
function row(name: string, c: Counts): string {
  return `| ${name} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.tp} | ${c.fp} | ${c.fn} |`
}
function print(r: EvaluationReport) {
  const head = '| | precision | recall | F1 | right | wrong | missed |\n|---|---|---|---|---|---|---|'
  console.log(`eval:suggest on ${source}: ${r.split.documents} documents, ${r.split.approvedTags} approved tags, ${labels.size} labels; ${r.split.kind} (${r.split.folds} folds); target precision ${args.targetPrecision}; ${seconds.toFixed(1)} s`)
  console.log(`A suggestion is right when it has ${r.match}.\n`)
  console.log(head)
  for (const s of args.sources as SuggestionSource[]) console.log(row(s, r.bySource[s]))
  console.log(row('all sources', r.combined))
  for (const s of args.sources as SuggestionSource[]) {
    const rows = r.byLabel[s].filter((l) => l.tp + l.fp + l.fn > 0)
    if (!rows.length) continue
    console.log(`\nPer label, ${s}:\n${head}`)
    for (const l of rows) console.log(row(l.path, l))
  }
  if (r.learningCurve.length) {
    console.log(`\nLearning curve (F1 on the held-out documents against the training set):\n| training documents | approved tags | ${(args.sources as SuggestionSource[]).join(' | ')} | all sources |\n|---|---|${(args.sources as SuggestionSource[]).map(() => '---|').join('')}---|`)
    for (const p of r.learningCurve) console.log(`| ${p.documents} | ${p.approvedTags} | ${(args.sources as SuggestionSource[]).map((s) => pct(p.bySource[s].f1)).join(' | ')} | ${pct(p.combined.f1)} |`)
  }
  if (r.notes.length) console.log(`\nNotes:\n${r.notes.map((n) => `- ${n}`).join('\n')}`)
}
