// Inter-annotator agreement over code-point spans, for the review dashboard.
//
// For every pair of annotators and every label it reports three figures, each with the counts
// behind it so a reader can check (or recompute) the number:
// - exact-span F1: a span matches when start, end and label are equal;
// - character-overlap F1: over the characters each annotator covered with that label;
// - Cohen's kappa over characters: every character of the pair's documents is a yes/no item
//   ("covered by this label") for each annotator.
//
// Nothing here walks character by character: a report covers hundreds of documents of ~10,000
// characters each, so per label we keep sorted, merged intervals and measure unions and
// intersections with sweep lines. Cost grows with the number of spans, not with the text length.
//
// Pure: no database, no clock. The caller gathers each document's length and the spans of each
// annotator (typically the tags of every status, or only the submitted ones; that is its choice).

// ---------------------------------------------------------------------------------------------
// Input

/** One annotator's span: code points, end exclusive (docs/architecture.md, "The offset contract"). */
export interface AgreementSpan {
  start: number
  end: number
  /** The label's path in the taxonomy tree: [top, …, leaf]. */
  labelPath: string[]
}

export interface AgreementDocument {
  id: string
  /** Length of the text in code points: every character is one item for kappa. */
  length: number
  /** Spans per annotator id. An annotator with no spans here has not annotated the document. */
  annotations: Map<string, AgreementSpan[]>
}

/** 'top' compares labels by labelPath[0]; 'leaf' by the full path joined with '/'. */
export type Level = 'top' | 'leaf'

export interface AgreementOptions {
  /** Levels to report, in this order; duplicates are ignored. Default: ['top', 'leaf']. */
  levels?: Level[]
}

// ---------------------------------------------------------------------------------------------
// Output (plain objects, arrays, strings, numbers and null: safe for JSON.stringify)

/** The numbers each figure of one label is computed from, summed over the pair's documents. */
export interface LabelCounts {
  /** Distinct spans of the label by A and by B (identical duplicates by one annotator count once). */
  spansA: number
  spansB: number
  /** Spans of A that B also has with the same start, end and label. */
  matchedSpans: number
  /** Characters covered by the label's spans of A, of B, and of both (overlaps counted once). */
  charsA: number
  charsB: number
  charsBoth: number
  /** All characters of the pair's documents: the items kappa is computed over. */
  charsTotal: number
}

export interface LabelAgreement {
  /** The label at this level: labelPath[0] at 'top', the path joined with '/' at 'leaf'. */
  label: string
  /** [top] at 'top', the full path at 'leaf'. */
  labelPath: string[]
  counts: LabelCounts
  /** 2·matched / (spansA + spansB). */
  exactF1: number
  /** 2·charsBoth / (charsA + charsB). */
  overlapF1: number
  /** (po − pe) / (1 − pe); 1 when 1 − pe = 0 and po = 1, null when 1 − pe = 0 otherwise. */
  kappa: number | null
}

/** Unweighted mean over labels: every label counts the same, however often it is used. */
export interface MacroAverage {
  /** Labels averaged for the F1 figures. */
  labels: number
  exactF1: number
  overlapF1: number
  /** Mean over the labels whose kappa is defined; null when none is. */
  kappa: number | null
  /** Labels averaged for kappa. */
  kappaLabels: number
}

export interface PairAgreement {
  /** The two annotator ids, annotatorA < annotatorB (plain string order). */
  annotatorA: string
  annotatorB: string
  /** Documents on which both annotators have at least one span. */
  documents: number
  /** Characters of those documents. */
  chars: number
  /**
   * Labels that either annotator used on those documents, sorted by label. A label neither used
   * is left out (its F1 would be 0/0); a label only one of them used has F1 0.
   */
  labels: LabelAgreement[]
  macro: MacroAverage
}

/** One label across pairs: means over the pairs whose `labels` list it. */
export interface LabelSummary {
  label: string
  labelPath: string[]
  /** Pairs that list the label (pairs where neither annotator used it are not counted as 0). */
  pairs: number
  exactF1: number
  overlapF1: number
  /** Mean over the pairs whose kappa for the label is defined; null when none is. */
  kappa: number | null
  kappaPairs: number
}

export interface LevelSummary {
  /** Pairs with at least one shared document. */
  pairs: number
  /** Sorted by label. */
  labels: LabelSummary[]
  /** Means of the pairs' macro averages; null when there is no pair. */
  macro: { exactF1: number | null; overlapF1: number | null; kappa: number | null }
}

export interface LevelAgreement {
  level: Level
  /**
   * Pairs sorted by (annotatorA, annotatorB). A pair with no shared document is left out: there
   * is nothing to compare.
   */
  pairs: PairAgreement[]
  summary: LevelSummary
}

export interface AgreementReport {
  /** Annotators with at least one span in the input, sorted. */
  annotators: string[]
  levels: LevelAgreement[]
}

// ---------------------------------------------------------------------------------------------
// Intervals

export interface Interval {
  start: number
  end: number
}

function byStartThenEnd(a: Interval, b: Interval): number {
  return a.start - b.start || a.end - b.end
}

/** Sorted by (start, end), identical intervals kept once. */
export function sortDistinct(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort(byStartThenEnd)
  const out: Interval[] = []
  for (const iv of sorted) {
    const last = out[out.length - 1]
    if (!last || last.start !== iv.start || last.end !== iv.end) out.push(iv)
  }
  return out
}

/**
 * The union of intervals sorted by start, as disjoint intervals in order. Touching intervals
 * ([0,5) and [5,8)) merge too; that changes no length and keeps the lists short.
 */
export function mergeSorted(sorted: Interval[]): Interval[] {
  const out: Interval[] = []
  for (const iv of sorted) {
    const last = out[out.length - 1]
    if (last && iv.start <= last.end) {
      if (iv.end > last.end) out[out.length - 1] = { start: last.start, end: iv.end }
    } else out.push({ start: iv.start, end: iv.end })
  }
  return out
}

export function totalLength(merged: Interval[]): number {
  let sum = 0
  for (const iv of merged) sum += iv.end - iv.start
  return sum
}

/** Length of the intersection of two merged (disjoint, sorted) interval lists: one sweep. */
export function intersectionLength(a: Interval[], b: Interval[]): number {
  let i = 0
  let j = 0
  let sum = 0
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i].start, b[j].start)
    const hi = Math.min(a[i].end, b[j].end)
    if (hi > lo) sum += hi - lo
    // The interval that ends first cannot meet anything further along the other list.
    if (a[i].end <= b[j].end) i++
    else j++
  }
  return sum
}

/** Intervals present in both lists, each sorted and distinct (from sortDistinct). */
export function countCommon(a: Interval[], b: Interval[]): number {
  let i = 0
  let j = 0
  let common = 0
  while (i < a.length && j < b.length) {
    const order = byStartThenEnd(a[i], b[j])
    if (order === 0) {
      common++
      i++
      j++
    } else if (order < 0) i++
    else j++
  }
  return common
}

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * 2·both / (a + b). Callers only ask for labels someone used, so a + b > 0; should it be 0,
 * two empty sets agree fully and the answer is 1 rather than NaN.
 */
export function f1(both: number, a: number, b: number): number {
  return a + b === 0 ? 1 : (2 * both) / (a + b)
}

/**
 * Cohen's kappa for two raters over `total` yes/no items, from how many items each said yes to
 * (`yesA`, `yesB`) and how many both did (`yesBoth`).
 *
 * po = (both yes + both no) / n, pe = pA·pB + (1 − pA)(1 − pB). Computed on integer counts
 * (everything multiplied by n²) so that swapping the raters gives the very same float and
 * 1 − pe = 0 is detected exactly rather than as a rounding residue; exact while n² < 2^53
 * (n up to ~94 million characters).
 *
 * Degenerate case 1 − pe = 0: kappa is 1 when po = 1 (the raters agree on every item), and
 * null otherwise. For yes/no items pe = 1 only when both raters said yes to every item or both
 * to none, which forces po = 1; so with consistent counts the answer is always 1, and null
 * appears only for counts that contradict each other (or total = 0).
 */
export function cohensKappa(total: number, yesA: number, yesB: number, yesBoth: number): number | null {
  if (total <= 0) return null
  const agree = total - yesA - yesB + 2 * yesBoth // both yes + both no
  const expected = yesA * yesB + (total - yesA) * (total - yesB) // pe·n²
  const n2 = total * total
  const denominator = n2 - expected // (1 − pe)·n²
  if (denominator === 0) return agree === total ? 1 : null
  return (agree * total - expected) / denominator // (po − pe)·n² / ((1 − pe)·n²)
}

function mean(values: number[]): number | null {
  if (values.length === 0) return null
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

// ---------------------------------------------------------------------------------------------
// Preparation: each annotator's spans on each document, grouped by label, sorted and merged once,
// then reused by every pair the annotator is part of.

interface LabelSpans {
  /** For exact matching. */
  distinct: Interval[]
  /** For character coverage. */
  merged: Interval[]
  covered: number
}

/** Label key → that label's spans, for one annotator on one document at one level. */
type Coverage = Map<string, LabelSpans>

function labelKey(path: string[], level: Level): string {
  return level === 'top' ? path[0] : path.join('/')
}

function labelPathAt(path: string[], level: Level): string[] {
  return level === 'top' ? [path[0]] : [...path]
}

// A span outside its document would skew every character count, and the server never stores one
// (every write checks 0 <= start < end <= length, docs/architecture.md); meeting one means a caller bug.
function checkSpan(doc: AgreementDocument, annotator: string, span: AgreementSpan): void {
  const ok =
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start < span.end &&
    span.end <= doc.length &&
    span.labelPath.length > 0
  if (!ok) {
    throw new RangeError(
      `Document ${doc.id}, annotator ${annotator}: span [${span.start}, ${span.end}) ` +
        `labelled ${JSON.stringify(span.labelPath)} is not a non-empty range within 0..${doc.length} with a label`,
    )
  }
}

function coverageOf(spans: AgreementSpan[], level: Level, paths: Map<string, string[]>): Coverage {
  const grouped = new Map<string, Interval[]>()
  for (const span of spans) {
    const key = labelKey(span.labelPath, level)
    if (!paths.has(key)) paths.set(key, labelPathAt(span.labelPath, level))
    let list = grouped.get(key)
    if (!list) grouped.set(key, (list = []))
    list.push(span) // read only: sorting works on a copy of the list, merging builds new intervals
  }
  const coverage: Coverage = new Map()
  for (const [key, list] of grouped) {
    const distinct = sortDistinct(list)
    const merged = mergeSorted(distinct)
    coverage.set(key, { distinct, merged, covered: totalLength(merged) })
  }
  return coverage
}

// ---------------------------------------------------------------------------------------------
// Pairs

type Tally = Omit<LabelCounts, 'charsTotal'>

function emptyTally(): Tally {
  return { spansA: 0, spansB: 0, matchedSpans: 0, charsA: 0, charsB: 0, charsBoth: 0 }
}

interface PreparedDocument {
  length: number
  /** Annotator id → coverage; only annotators with at least one span. */
  byAnnotator: Map<string, Coverage>
}

function comparePlain(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function pairAgreement(
  a: string,
  b: string,
  documents: PreparedDocument[],
  paths: Map<string, string[]>,
): PairAgreement | null {
  const tallies = new Map<string, Tally>()
  const tallyFor = (key: string): Tally => {
    let t = tallies.get(key)
    if (!t) tallies.set(key, (t = emptyTally()))
    return t
  }
  let shared = 0
  let chars = 0
  for (const doc of documents) {
    const covA = doc.byAnnotator.get(a)
    const covB = doc.byAnnotator.get(b)
    if (!covA || !covB) continue
    shared++
    chars += doc.length
    for (const [key, spansA] of covA) {
      const t = tallyFor(key)
      t.spansA += spansA.distinct.length
      t.charsA += spansA.covered
      const spansB = covB.get(key)
      if (spansB) {
        t.matchedSpans += countCommon(spansA.distinct, spansB.distinct)
        t.charsBoth += intersectionLength(spansA.merged, spansB.merged)
      }
    }
    for (const [key, spansB] of covB) {
      const t = tallyFor(key)
      t.spansB += spansB.distinct.length
      t.charsB += spansB.covered
    }
  }
  if (shared === 0) return null

  const labels: LabelAgreement[] = [...tallies.keys()].sort(comparePlain).map((key) => {
    const t = tallies.get(key)!
    return {
      label: key,
      labelPath: [...paths.get(key)!],
      counts: { ...t, charsTotal: chars },
      exactF1: f1(t.matchedSpans, t.spansA, t.spansB),
      overlapF1: f1(t.charsBoth, t.charsA, t.charsB),
      kappa: cohensKappa(chars, t.charsA, t.charsB, t.charsBoth),
    }
  })
  const kappas = labels.flatMap((l) => (l.kappa === null ? [] : [l.kappa]))
  return {
    annotatorA: a,
    annotatorB: b,
    documents: shared,
    chars,
    labels,
    macro: {
      labels: labels.length,
      // A pair with a shared document has at least one label (both annotators have a span there).
      exactF1: mean(labels.map((l) => l.exactF1)) ?? 0,
      overlapF1: mean(labels.map((l) => l.overlapF1)) ?? 0,
      kappa: mean(kappas),
      kappaLabels: kappas.length,
    },
  }
}

function summarise(pairs: PairAgreement[]): LevelSummary {
  const byLabel = new Map<string, LabelAgreement[]>()
  for (const pair of pairs) {
    for (const l of pair.labels) {
      let list = byLabel.get(l.label)
      if (!list) byLabel.set(l.label, (list = []))
      list.push(l)
    }
  }
  const labels: LabelSummary[] = [...byLabel.keys()].sort(comparePlain).map((key) => {
    const rows = byLabel.get(key)!
    const kappas = rows.flatMap((l) => (l.kappa === null ? [] : [l.kappa]))
    return {
      label: key,
      labelPath: [...rows[0].labelPath],
      pairs: rows.length,
      exactF1: mean(rows.map((l) => l.exactF1))!,
      overlapF1: mean(rows.map((l) => l.overlapF1))!,
      kappa: mean(kappas),
      kappaPairs: kappas.length,
    }
  })
  const pairKappas = pairs.flatMap((p) => (p.macro.kappa === null ? [] : [p.macro.kappa]))
  return {
    pairs: pairs.length,
    labels,
    macro: {
      exactF1: mean(pairs.map((p) => p.macro.exactF1)),
      overlapF1: mean(pairs.map((p) => p.macro.overlapF1)),
      kappa: mean(pairKappas),
    },
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Agreement for every pair of annotators, at each requested level. A document counts for a pair
 * when both annotators have at least one span on it (of any label); the pair's figures are
 * computed over those documents only. Throws RangeError for a span outside its document.
 */
export function computeAgreement(documents: AgreementDocument[], options: AgreementOptions = {}): AgreementReport {
  const levels = [...new Set(options.levels ?? (['top', 'leaf'] as Level[]))]

  const annotatorSet = new Set<string>()
  for (const doc of documents) {
    if (!Number.isInteger(doc.length) || doc.length < 0) {
      throw new RangeError(`Document ${doc.id}: length ${doc.length} is not a non-negative integer`)
    }
    for (const [annotator, spans] of doc.annotations) {
      for (const span of spans) checkSpan(doc, annotator, span)
      if (spans.length > 0) annotatorSet.add(annotator)
    }
  }
  const annotators = [...annotatorSet].sort(comparePlain)

  return {
    annotators,
    levels: levels.map((level) => {
      const paths = new Map<string, string[]>() // label key → its path, first seen
      const prepared: PreparedDocument[] = documents.map((doc) => {
        const byAnnotator = new Map<string, Coverage>()
        for (const [annotator, spans] of doc.annotations) {
          if (spans.length > 0) byAnnotator.set(annotator, coverageOf(spans, level, paths))
        }
        return { length: doc.length, byAnnotator }
      })
      const pairs: PairAgreement[] = []
      for (let i = 0; i < annotators.length; i++) {
        for (let j = i + 1; j < annotators.length; j++) {
          const pair = pairAgreement(annotators[i], annotators[j], prepared, paths)
          if (pair) pairs.push(pair)
        }
      }
      return { level, pairs, summary: summarise(pairs) }
    }),
  }
}
