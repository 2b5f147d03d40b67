// Evaluation of the three sources against approved tags, split BY DOCUMENT: reports copy sentences
// from each other and from year to year, so a split by sentence would put the same sentence on both
// sides and flatter the model and propagation. Leave-one-document-out up to 10 documents, else 10 folds
// by document; each held-out document is suggested for by rules, by a model trained on the other
// documents' tags and by an index of the other documents' tags.
//
// A suggestion is right when a held-out approved tag has the same label and the two spans overlap by
// at least half of their union, in code points (IoU ≥ 0.5); each tag is matched once per source, the
// best-scored suggestion first. A suggestion of a top label on a passage tagged with one of its leaves
// is wrong (exact labels): what the annotator would have to correct. docs/decisions/0027.
import { PropagationIndex } from './propagate'
import { SuggestModel, trainModel, type TrainOptions } from './model'
import { keywordStats, suggestByRules } from './rules'
import { seededRandom, shuffleInPlace } from './linear'
import type { GoldDocument, GoldSpan, RulePattern, SourceDocument, SuggestLabel, SuggestionCandidate, SuggestionSource } from './types'

export const MIN_IOU = 0.5
export const SOURCES: SuggestionSource[] = ['rule', 'model', 'propagation']
export const MATCH_RULE = 'same label and overlap ≥ 50 % of the union of the two spans, in code points; each approved tag matched once per source'

export interface Counts {
  tp: number
  fp: number
  fn: number
  precision: number | null
  recall: number | null
  f1: number | null
}

export interface LabelCounts extends Counts {
  labelId: string
  path: string
}

export interface CurvePoint {
  /** Training documents per fold, and approved tags in them (mean over folds). */
  documents: number
  approvedTags: number
  bySource: Record<SuggestionSource, Counts>
  combined: Counts
}

export interface EvaluationReport {
  split: { kind: 'leave-one-document-out' | 'k-fold-by-document'; folds: number; documents: number; approvedTags: number }
  match: string
  bySource: Record<SuggestionSource, Counts>
  byLabel: Record<SuggestionSource, LabelCounts[]>
  /** All sources together: one suggestion per span and label. */
  combined: Counts
  learningCurve: CurvePoint[]
  notes: string[]
}

export interface EvaluationOptions {
  sources?: SuggestionSource[]
  patterns?: RulePattern[]
  /** Folds by document; default leave-one-out up to 10 documents, else 10. */
  folds?: number
  learningCurve?: boolean
  /** Minimum score per source (a project's thresholds); the model's own per-label thresholds apply besides. */
  minScore?: Partial<Record<SuggestionSource, number>>
  train?: TrainOptions
  seed?: number
  /**
   * Keyword rules learn from the training documents (rules.ts keywordStats): a keyword is muted where
   * its precision there is low. Default true, as the app does with the stats its model stores.
   */
  learnKeywords?: boolean
  muteBelow?: number
  unseenKeywords?: 'keep' | 'mute'
}

export function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp ? tp / (tp + fp) : null
  const recall = tp + fn ? tp / (tp + fn) : null
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision === null ? null : 0
  return { tp, fp, fn, precision, recall, f1 }
}

const iou = (a: GoldSpan, b: GoldSpan) => {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start)
  return overlap <= 0 ? 0 : overlap / (Math.max(a.end, b.end) - Math.min(a.start, b.start))
}

/** One document: which suggestions are right (true) and how many tags were matched, per label. */
export function matchSuggestions(suggestions: SuggestionCandidate[], gold: GoldSpan[]): { right: boolean[]; matchedGold: boolean[] } {
  const order = suggestions.map((_, k) => k).sort((a, b) => suggestions[b].score - suggestions[a].score || a - b)
  const matchedGold = gold.map(() => false)
  const right = suggestions.map(() => false)
  for (const k of order) {
    const s = suggestions[k]
    let best = -1
    let bestIou = MIN_IOU
    gold.forEach((g, j) => {
      if (matchedGold[j] || g.labelId !== s.labelId) return
      const v = iou(s, g)
      if (v >= bestIou) {
        best = j
        bestIou = v
      }
    })
    if (best >= 0) {
      matchedGold[best] = true
      right[k] = true
    }
  }
  return { right, matchedGold }
}

class Tally {
  private readonly perLabel = new Map<string, { tp: number; fp: number; fn: number }>()
  add(labelId: string, key: 'tp' | 'fp' | 'fn') {
    const row = this.perLabel.get(labelId) ?? { tp: 0, fp: 0, fn: 0 }
    row[key]++
    this.perLabel.set(labelId, row)
  }
  record(suggestions: SuggestionCandidate[], gold: GoldSpan[]) {
    const { right, matchedGold } = matchSuggestions(suggestions, gold)
    suggestions.forEach((s, k) => this.add(s.labelId, right[k] ? 'tp' : 'fp'))
    gold.forEach((g, j) => {
      if (!matchedGold[j]) this.add(g.labelId, 'fn')
    })
  }
  total(): Counts {
    let tp = 0
    let fp = 0
    let fn = 0
    for (const r of this.perLabel.values()) {
      tp += r.tp
      fp += r.fp
      fn += r.fn
    }
    return counts(tp, fp, fn)
  }
  labels(paths: Map<string, string>): LabelCounts[] {
    return [...this.perLabel.entries()]
      .map(([labelId, r]) => ({ labelId, path: paths.get(labelId) ?? labelId, ...counts(r.tp, r.fp, r.fn) }))
      .sort((a, b) => a.path.localeCompare(b.path))
  }
}

/** One suggestion per span and label: the highest score. */
function combine(lists: SuggestionCandidate[][]): SuggestionCandidate[] {
  const best = new Map<string, SuggestionCandidate>()
  for (const list of lists) {
    for (const c of list) {
      const key = `${c.start}:${c.end}:${c.labelId}`
      const held = best.get(key)
      if (!held || c.score > held.score) best.set(key, c)
    }
  }
  return [...best.values()]
}

const sourceDoc = (doc: GoldDocument): SourceDocument => ({ documentId: doc.documentId, text: doc.text, tags: doc.tags.map((t, k) => ({ ...t, tagId: `${doc.documentId}#${k}` })) })

interface FoldSuggestions {
  bySource: Record<SuggestionSource, SuggestionCandidate[]>
}

function suggestFor(
  heldOut: GoldDocument,
  training: GoldDocument[],
  labels: SuggestLabel[],
  options: EvaluationOptions,
  sources: SuggestionSource[],
  notes: Set<string>,
  cache: { rules: Map<string, SuggestionCandidate[]> },
): FoldSuggestions {
  const min = (source: SuggestionSource) => options.minScore?.[source] ?? 0
  const bySource: Record<SuggestionSource, SuggestionCandidate[]> = { rule: [], model: [], propagation: [] }
  if (sources.includes('rule')) {
    if (options.learnKeywords === false) {
      // Rules that do not learn are the same for every training set.
      let rules = cache.rules.get(heldOut.documentId)
      if (!rules) {
        const result = suggestByRules(heldOut.text, labels, options.patterns ?? [])
        for (const s of result.skipped) notes.add(`rule ${s.patternId} skipped: ${s.code}`)
        rules = result.candidates
        cache.rules.set(heldOut.documentId, rules)
      }
      bySource.rule = rules.filter((c) => c.score >= min('rule'))
    } else {
      const result = suggestByRules(heldOut.text, labels, options.patterns ?? [], { keywordStats: keywordStats(training, labels), muteBelow: options.muteBelow, unseen: options.unseenKeywords })
      for (const s of result.skipped) notes.add(`rule ${s.patternId} skipped: ${s.code}`)
      bySource.rule = result.candidates.filter((c) => c.score >= min('rule'))
    }
  }
  if (sources.includes('model')) {
    const trained = trainModel(training, labels, options.train)
    if (trained.ok) bySource.model = new SuggestModel(trained.model, labels).suggest(heldOut.text).filter((c) => c.score >= min('model'))
    else notes.add(`model not trained on ${training.length} document(s): ${trained.detail}`)
  }
  if (sources.includes('propagation')) {
    const index = PropagationIndex.build(training.map(sourceDoc))
    bySource.propagation = index.propose(heldOut.text, { documentId: heldOut.documentId }).filter((c) => c.score >= min('propagation'))
  }
  return { bySource }
}

/** Evaluates rules, model and propagation on held-out documents (see the top of this file). */
export function evaluateSuggestions(docs: GoldDocument[], labels: SuggestLabel[], options: EvaluationOptions = {}): EvaluationReport {
  const sources = options.sources ?? SOURCES
  const live = new Set(labels.map((l) => l.id))
  const gold = docs.map((d) => ({ ...d, tags: d.tags.filter((t) => live.has(t.labelId)) }))
  const paths = new Map(labels.map((l) => [l.id, l.path]))
  const random = seededRandom(options.seed ?? 20261203)
  const order = shuffleInPlace(gold.map((_, k) => k), random)
  const k = Math.min(options.folds ?? (gold.length <= 10 ? gold.length : 10), gold.length)
  const folds = Array.from({ length: k }, (_, f) => order.filter((_, j) => j % k === f))
  const notes = new Set<string>()
  const cache = { rules: new Map<string, SuggestionCandidate[]>() }

  const tallies = Object.fromEntries(SOURCES.map((s) => [s, new Tally()])) as Record<SuggestionSource, Tally>
  const combined = new Tally()
  for (const fold of folds) {
    const held = new Set(fold)
    const training = gold.filter((_, j) => !held.has(j))
    for (const j of fold) {
      const { bySource } = suggestFor(gold[j], training, labels, options, sources, notes, cache)
      for (const s of sources) tallies[s].record(bySource[s], gold[j].tags)
      combined.record(combine(sources.map((s) => bySource[s])), gold[j].tags)
    }
  }

  // The learning curve: the same held-out documents, with growing shares of each fold's training documents.
  const learningCurve: CurvePoint[] = []
  if (options.learningCurve !== false && gold.length >= 2) {
    const maxTraining = gold.length - Math.ceil(gold.length / k)
    const sizes = [...new Set((maxTraining <= 6 ? Array.from({ length: maxTraining }, (_, i) => i + 1) : [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * maxTraining)))))]
    for (const size of sizes) {
      const pointTallies = Object.fromEntries(SOURCES.map((s) => [s, new Tally()])) as Record<SuggestionSource, Tally>
      const pointCombined = new Tally()
      let tags = 0
      let runs = 0
      for (const fold of folds) {
        const held = new Set(fold)
        const training = order.filter((j) => !held.has(j)).slice(0, size).map((j) => gold[j])
        tags += training.reduce((n, d) => n + d.tags.length, 0)
        runs++
        for (const j of fold) {
          const { bySource } = suggestFor(gold[j], training, labels, options, sources, new Set(), cache)
          for (const s of sources) pointTallies[s].record(bySource[s], gold[j].tags)
          pointCombined.record(combine(sources.map((s) => bySource[s])), gold[j].tags)
        }
      }
      learningCurve.push({
        documents: size,
        approvedTags: Math.round(tags / runs),
        bySource: Object.fromEntries(SOURCES.map((s) => [s, pointTallies[s].total()])) as Record<SuggestionSource, Counts>,
        combined: pointCombined.total(),
      })
    }
  }

  return {
    split: { kind: k === gold.length ? 'leave-one-document-out' : 'k-fold-by-document', folds: k, documents: gold.length, approvedTags: gold.reduce((n, d) => n + d.tags.length, 0) },
    match: MATCH_RULE,
    bySource: Object.fromEntries(SOURCES.map((s) => [s, tallies[s].total()])) as Record<SuggestionSource, Counts>,
    byLabel: Object.fromEntries(SOURCES.map((s) => [s, tallies[s].labels(paths)])) as Record<SuggestionSource, LabelCounts[]>,
    combined: combined.total(),
    learningCurve,
    notes: [...notes],
  }
}

/** One train/test split of a corpus's documents (indices into it). */
export interface Split {
  train: number[]
  test: number[]
}

export interface SplitsReport {
  splits: number
  /** Per split and source, the counts on its test documents. */
  perSplit: { train: string[]; test: string[]; bySource: Record<SuggestionSource, Counts>; combined: Counts }[]
  /** Mean and spread (sample standard deviation, min, max) of precision and recall over the splits that have a figure. */
  summary: Record<SuggestionSource | 'combined', { precision: Spread; recall: Spread; suggested: number }>
  /** Per source and label, pooled over all splits. */
  byLabel: Record<SuggestionSource, LabelCounts[]>
  pooled: Record<SuggestionSource, Counts>
  notes: string[]
}

export interface Spread {
  mean: number | null
  sd: number | null
  min: number | null
  max: number | null
  /** Splits with a figure (precision needs at least one suggestion). */
  n: number
}

export function spread(values: (number | null)[]): Spread {
  const xs = values.filter((v): v is number => v !== null)
  if (!xs.length) return { mean: null, sd: null, min: null, max: null, n: 0 }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs), n: xs.length }
}

/** Every way of choosing `trainSize` training documents of `n`, the rest tested ("3 reports → 2": C(5,3) = 10 splits). */
export function choose(n: number, trainSize: number): Split[] {
  const out: Split[] = []
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === trainSize) {
      const inTrain = new Set(chosen)
      out.push({ train: [...chosen], test: Array.from({ length: n }, (_, k) => k).filter((k) => !inTrain.has(k)) })
      return
    }
    for (let k = from; k < n; k++) pick(k + 1, [...chosen, k])
  }
  pick(0, [])
  return out
}

/**
 * The demo's case measured: train on some documents, suggest for the others, for each of the given
 * splits; figures per split, their mean and spread, and per label pooled over the splits.
 */
export function evaluateSplits(docs: GoldDocument[], labels: SuggestLabel[], splits: Split[], options: EvaluationOptions = {}): SplitsReport {
  const sources = options.sources ?? SOURCES
  const live = new Set(labels.map((l) => l.id))
  const gold = docs.map((d) => ({ ...d, tags: d.tags.filter((t) => live.has(t.labelId)) }))
  const paths = new Map(labels.map((l) => [l.id, l.path]))
  const notes = new Set<string>()
  const cache = { rules: new Map<string, SuggestionCandidate[]>() }
  const pooled = Object.fromEntries(SOURCES.map((s) => [s, new Tally()])) as Record<SuggestionSource, Tally>
  const perSplit: SplitsReport['perSplit'] = []
  for (const split of splits) {
    const training = split.train.map((j) => gold[j])
    const tallies = Object.fromEntries(SOURCES.map((s) => [s, new Tally()])) as Record<SuggestionSource, Tally>
    const combined = new Tally()
    for (const j of split.test) {
      const { bySource } = suggestFor(gold[j], training, labels, options, sources, notes, cache)
      for (const s of sources) {
        tallies[s].record(bySource[s], gold[j].tags)
        pooled[s].record(bySource[s], gold[j].tags)
      }
      combined.record(combine(sources.map((s) => bySource[s])), gold[j].tags)
    }
    perSplit.push({
      train: training.map((d) => d.documentId),
      test: split.test.map((j) => gold[j].documentId),
      bySource: Object.fromEntries(SOURCES.map((s) => [s, tallies[s].total()])) as Record<SuggestionSource, Counts>,
      combined: combined.total(),
    })
  }
  const summarise = (pick: (p: SplitsReport['perSplit'][number]) => Counts) => ({
    precision: spread(perSplit.map((p) => pick(p).precision)),
    recall: spread(perSplit.map((p) => pick(p).recall)),
    suggested: perSplit.reduce((n, p) => n + pick(p).tp + pick(p).fp, 0),
  })
  return {
    splits: splits.length,
    perSplit,
    summary: { ...(Object.fromEntries(SOURCES.map((s) => [s, summarise((p) => p.bySource[s])])) as Record<SuggestionSource, ReturnType<typeof summarise>>), combined: summarise((p) => p.combined) },
    byLabel: Object.fromEntries(SOURCES.map((s) => [s, pooled[s].labels(paths)])) as Record<SuggestionSource, LabelCounts[]>,
    pooled: Object.fromEntries(SOURCES.map((s) => [s, pooled[s].total()])) as Record<SuggestionSource, Counts>,
    notes: [...notes],
  }
}
