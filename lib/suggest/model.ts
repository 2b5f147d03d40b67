// The model source: per label (top and leaf) a logistic regression over the hashed character
// n-grams of sentences (lib/suggest/features.ts, lib/suggest/linear.ts), trained in-process on the
// project's approved tags. Precision first: each label's threshold is the lowest probability at which
// held-out documents (folds by document, never by sentence: reports reuse sentences, so a sentence
// split would leak) still reach the target precision; a label that never does is not suggested.
// Why a linear model written here, and its limits: docs/decisions/0027.
import { createHash } from 'node:crypto'
import { AMBIGUOUS, HASH_BITS, HASH_SIZE, MAX_NGRAM, NEGATIVE, POSITIVE, featureIds, featureValue, markUnits, unitsOf, type Unit } from './features'
import { fitLogisticSgdPacked, seededRandom, shuffleInPlace, sigmoid } from './linear'
import { keywordStats } from './rules'
import type { GoldDocument, LabelFit, SuggestLabel, SuggestModelJson, SuggestionCandidate, TrainResult } from './types'

/** Training refuses with fewer approved tags, or fewer documents holding one, than this. */
export const MIN_TAGS = 10
export const MIN_DOCUMENTS = 2
/** A label with fewer example sentences than this gets no classifier. */
export const MIN_POSITIVES = 5
export const DEFAULT_TARGET_PRECISION = 0.9
/** A threshold must rest on at least this many correct held-out suggestions. */
const MIN_TRUE_POSITIVES = 3
/** Counter-examples per example when a label's negatives are subsampled (and at least NEG_FLOOR). */
const NEG_RATIO = 8
const NEG_FLOOR = 5_000
/** Sentences kept for training at most (sampled beyond: examples of some label first); bounds memory. */
const DEFAULT_MAX_UNITS = 100_000
/** Below this many training sentences the thresholds come from 5-fold (or leave-one-out) cross-validation by document; above, from one 20 % hold-out. */
const CROSS_VALIDATION_BELOW = 30_000
/** The hold-out stops growing at this many sentences (a threshold needs hundreds of scored examples per label, not a fifth of a big corpus). */
const HOLD_OUT_UNITS = 40_000
/** Weights smaller than this are not stored (they move a probability by far less than a per cent). */
const PRUNE_BELOW = 1e-3

export interface TrainOptions {
  targetPrecision?: number
  lambda?: number
  epochs?: number
  seed?: number
  /** Stored as the model's version (the app's model id); a hash of the weights when absent. */
  version?: string
  maxUnits?: number
  now?: Date
}

interface DocUnits {
  doc: number
  units: Unit[]
  /** markUnits: per unit and label, NEGATIVE, POSITIVE or AMBIGUOUS. */
  marks: Uint8Array
}

/** The sentences training learns from, as parallel arrays (one object per sentence would not fit 500,000 of them in memory). */
interface Pool {
  doc: Int32Array
  /** Unit u's feature ids are features[offsets[u] .. offsets[u + 1]): one buffer, not 100,000 small ones. */
  features: Int32Array
  offsets: Int32Array
  /** Per pool unit and label, as in DocUnits.marks. */
  marks: Uint8Array
  labelCount: number
}

interface Fitted {
  labelId: string
  /** Float32 is plenty for scoring and halves the memory of a fold's classifiers. */
  weights: Float32Array
  bias: number
}


/** One classifier per label on the pool units of the documents in training. */
function fitLabels(
  pool: Pool,
  inTraining: (doc: number) => boolean,
  labelIds: string[],
  population: (label: number) => number,
  options: Required<Pick<TrainOptions, 'lambda' | 'seed'>> & Pick<TrainOptions, 'epochs'>,
): Map<string, Fitted> {
  const out = new Map<string, Fitted>()
  const buffer = new Float64Array(HASH_SIZE)
  const random = seededRandom(options.seed ^ 0x5bd1e995)
  const training: number[] = []
  for (let u = 0; u < pool.doc.length; u++) if (inTraining(pool.doc[u])) training.push(u)
  labelIds.forEach((labelId, l) => {
    const positives: number[] = []
    const negatives: number[] = []
    for (const u of training) {
      const mark = pool.marks[u * pool.labelCount + l]
      if (mark === POSITIVE) positives.push(u)
      else if (mark === NEGATIVE) negatives.push(u)
    }
    if (positives.length < MIN_POSITIVES) return
    const negCap = Math.max(NEG_RATIO * positives.length, NEG_FLOOR)
    const used = negatives.length > negCap ? shuffleInPlace(negatives, random).slice(0, negCap) : negatives
    const rows = Int32Array.from([...positives, ...used])
    const y = new Uint8Array(rows.length).fill(1, 0, positives.length)
    // Fewer passes over more examples: the step count, not the epoch count, is what converges.
    const epochs = options.epochs ?? (rows.length > 20_000 ? 4 : 5)
    const fitted = fitLogisticSgdPacked({ features: pool.features, offsets: pool.offsets, rows, y }, { dimension: HASH_SIZE, lambda: options.lambda, epochs, seed: options.seed }, buffer)
    // Counter-examples were subsampled: shift the intercept by log(sampling rate) so that the
    // probability is the population's (prior correction for case-control sampling).
    const rate = used.length / Math.max(used.length, population(l))
    out.set(labelId, { labelId, weights: Float32Array.from(fitted.weights), bias: fitted.bias + (rate > 0 ? Math.log(rate) : 0) })
  })
  return out
}

function score(fitted: Fitted, ids: Int32Array): number {
  let z = 0
  for (let k = 0; k < ids.length; k++) z += fitted.weights[ids[k]]
  return sigmoid(z * featureValue(ids.length) + fitted.bias)
}

/** The lowest score at which the held-out precision of everything scored at least as high is ≥ target. */
export function chooseThreshold(scored: { p: number; y: 0 | 1 }[], positives: number, target: number): { threshold: number; precision: number; recall: number } | null {
  const sorted = [...scored].sort((a, b) => b.p - a.p)
  let tp = 0
  let best: { threshold: number; precision: number; recall: number } | null = null
  for (let k = 0; k < sorted.length; k++) {
    tp += sorted[k].y
    // Only between distinct scores (ties are suggested together or not at all), and only at a right
    // suggestion: a run of wrong ones below the last right one would pass a cumulative target.
    if (k + 1 < sorted.length && sorted[k + 1].p === sorted[k].p) continue
    if (!sorted[k].y) continue
    const precision = tp / (k + 1)
    if (precision >= target && tp >= MIN_TRUE_POSITIVES) best = { threshold: sorted[k].p, precision, recall: positives ? tp / positives : 0 }
  }
  return best
}

function encodeWeights(weights: Float32Array): string {
  const kept: number[] = []
  for (let j = 0; j < weights.length; j++) if (Math.abs(weights[j]) >= PRUNE_BELOW) kept.push(j)
  const buf = Buffer.alloc(kept.length * 8)
  kept.forEach((j, k) => {
    buf.writeUInt32LE(j, k * 8)
    buf.writeFloatLE(weights[j], k * 8 + 4)
  })
  return buf.toString('base64')
}

function decodeWeights(encoded: string, into: Float32Array, stride: number, offset: number): void {
  const buf = Buffer.from(encoded, 'base64')
  for (let k = 0; k + 8 <= buf.length; k += 8) into[buf.readUInt32LE(k) * stride + offset] = buf.readFloatLE(k + 4)
}

export function trainingNeeds(docs: GoldDocument[], labels: SuggestLabel[]): { tags: number; documents: number } {
  const live = new Set(labels.map((l) => l.id))
  let tags = 0
  let documents = 0
  for (const doc of docs) {
    const n = doc.tags.filter((t) => live.has(t.labelId)).length
    tags += n
    if (n) documents++
  }
  return { tags, documents }
}

/** Trains the model on approved tags; refuses, saying how many it needs, when there are too few. */
export function trainModel(docs: GoldDocument[], labels: SuggestLabel[], options: TrainOptions = {}): TrainResult {
  const t0 = performance.now()
  const have = trainingNeeds(docs, labels)
  const needed = { tags: MIN_TAGS, documents: MIN_DOCUMENTS }
  if (have.tags < MIN_TAGS || have.documents < MIN_DOCUMENTS) {
    return {
      ok: false,
      code: 'not_enough_examples',
      needed,
      have,
      detail: `The model needs at least ${MIN_TAGS} approved tags in at least ${MIN_DOCUMENTS} documents; the project has ${have.tags} in ${have.documents}.`,
    }
  }
  const targetPrecision = options.targetPrecision ?? DEFAULT_TARGET_PRECISION
  const fitOptions = { lambda: options.lambda ?? 1e-4, epochs: options.epochs, seed: options.seed ?? 20261203 }
  const random = seededRandom(fitOptions.seed)
  const labelIds = labels.map((l) => l.id)

  // Units and their marks, per document; per document and label the number of counter-examples
  // (the population the prior correction needs).
  const labelIndex = new Map(labelIds.map((id, l) => [id, l]))
  const L = labelIds.length
  const perDoc: DocUnits[] = docs.map((doc, i) => {
    const units = unitsOf(doc.text)
    return { doc: i, units, marks: markUnits(units, doc.tags, labelIndex) }
  })
  const docNegatives = new Int32Array(docs.length * L)
  const docPositives = new Int32Array(docs.length * L)
  for (const d of perDoc) {
    for (let at = 0; at < d.marks.length; at++) {
      if (d.marks[at] === NEGATIVE) docNegatives[d.doc * L + (at % L)]++
      else if (d.marks[at] === POSITIVE) docPositives[d.doc * L + (at % L)]++
    }
  }
  const isLabelled = (d: DocUnits, u: number) => {
    for (let l = 0; l < L; l++) if (d.marks[u * L + l] === POSITIVE) return true
    return false
  }
  const totalUnits = perDoc.reduce((n, d) => n + d.units.length, 0)

  // The sentences to learn from: all when they fit, else examples of some label first, then a sample of the rest.
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS
  let chosen: { doc: number; unit: number }[] = []
  const labelled: { doc: number; unit: number }[] = []
  const unlabelled: { doc: number; unit: number }[] = []
  for (const d of perDoc) d.units.forEach((_, u) => (isLabelled(d, u) ? labelled : unlabelled).push({ doc: d.doc, unit: u }))
  if (totalUnits <= maxUnits) chosen = [...labelled, ...unlabelled]
  else if (labelled.length >= maxUnits * 0.5) {
    chosen = [...shuffleInPlace(labelled, random).slice(0, Math.floor(maxUnits * 0.5)), ...shuffleInPlace(unlabelled, random).slice(0, Math.ceil(maxUnits * 0.5))]
  } else chosen = [...labelled, ...shuffleInPlace(unlabelled, random).slice(0, maxUnits - labelled.length)]
  // A unit of n code points has at most 3n + 3 features (n-grams of 1–3 over n + 2 symbols): one
  // buffer of that bound, never regrown.
  let bound = 0
  for (const { doc, unit } of chosen) bound += MAX_NGRAM * (perDoc[doc].units[unit].end - perDoc[doc].units[unit].start + 2)
  const pool: Pool = { doc: new Int32Array(chosen.length), features: new Int32Array(bound), offsets: new Int32Array(chosen.length + 1), marks: new Uint8Array(chosen.length * L), labelCount: L }
  chosen.forEach(({ doc, unit }, k) => {
    pool.doc[k] = doc
    const ids = featureIds(perDoc[doc].units[unit].text)
    const at = pool.offsets[k]
    pool.features.set(ids, at)
    pool.offsets[k + 1] = at + ids.length
    pool.marks.set(perDoc[doc].marks.subarray(unit * L, (unit + 1) * L), k * L)
  })

  const negativesIn = (inTraining: (doc: number) => boolean) => {
    const counts = new Float64Array(L)
    for (let d = 0; d < docs.length; d++) if (inTraining(d)) for (let l = 0; l < L; l++) counts[l] += docNegatives[d * L + l]
    return (l: number) => counts[l]
  }

  // Folds by document: leave-one-out for up to 5 documents, 5 folds for a small corpus, one hold-out beyond
  // (20 % of the documents, at most HOLD_OUT_UNITS sentences: enough to place a threshold).
  const tagged = perDoc.filter((d) => d.units.some((_, u) => isLabelled(d, u))).map((d) => d.doc)
  const order = shuffleInPlace([...tagged], random)
  let holdOut = 0
  for (let units = 0; holdOut < Math.max(1, Math.round(order.length * 0.2)) && (holdOut === 0 || units < HOLD_OUT_UNITS); holdOut++) units += perDoc[order[holdOut]].units.length
  const folds: Set<number>[] =
    order.length <= 5
      ? order.map((d) => new Set([d]))
      : pool.doc.length < CROSS_VALIDATION_BELOW
        ? Array.from({ length: 5 }, (_, f) => new Set(order.filter((_, k) => k % 5 === f)))
        : [new Set(order.slice(0, holdOut))]
  const heldOut = labelIds.map(() => ({ p: [] as number[], y: [] as (0 | 1)[] }))
  const heldOutPositives = new Float64Array(L)
  for (const fold of folds) {
    const inTraining = (doc: number) => !fold.has(doc)
    const fitted: (Fitted | undefined)[] = labelIds.map(() => undefined)
    for (const [id, f] of fitLabels(pool, inTraining, labelIds, negativesIn(inTraining), fitOptions)) fitted[labelIndex.get(id)!] = f
    for (const doc of fold) {
      const d = perDoc[doc]
      for (let l = 0; l < L; l++) heldOutPositives[l] += docPositives[doc * L + l]
      d.units.forEach((unit, u) => {
        const ids = featureIds(unit.text)
        for (let l = 0; l < L; l++) {
          const mark = d.marks[u * L + l]
          const f = fitted[l]
          // A label without a classifier in this fold suggests nothing: its positives count as missed.
          if (mark === AMBIGUOUS || !f) continue
          heldOut[l].p.push(score(f, ids))
          heldOut[l].y.push(mark === POSITIVE ? 1 : 0)
        }
      })
    }
  }

  const final = fitLabels(pool, () => true, labelIds, negativesIn(() => true), fitOptions)
  const fits: LabelFit[] = []
  const stored: SuggestModelJson['labels'] = []
  labelIds.forEach((labelId, l) => {
    let positives = 0
    for (let d = 0; d < docs.length; d++) positives += docPositives[d * L + l]
    const f = final.get(labelId)
    if (!f) {
      fits.push({ labelId, positives, threshold: null, precision: null, recall: null, note: 'too_few_examples' })
      return
    }
    const scored = heldOut[l].p.map((p, k) => ({ p, y: heldOut[l].y[k] }))
    const chosenThreshold = chooseThreshold(scored, heldOutPositives[l], targetPrecision)
    fits.push(
      chosenThreshold
        ? { labelId, positives, threshold: chosenThreshold.threshold, precision: chosenThreshold.precision, recall: chosenThreshold.recall }
        : { labelId, positives, threshold: null, precision: null, recall: null, note: 'target_precision_not_reached' },
    )
    stored.push({ labelId, bias: f.bias, threshold: chosenThreshold?.threshold ?? null, weights: encodeWeights(f.weights) })
  })
  const version =
    options.version ??
    `m-${createHash('sha256')
      .update(JSON.stringify(stored))
      .digest('hex')
      .slice(0, 12)}`
  const model: SuggestModelJson = {
    format: 'tagbench-suggest-model-1',
    version,
    trainedAt: (options.now ?? new Date()).toISOString(),
    hashBits: HASH_BITS,
    maxNgram: MAX_NGRAM,
    targetPrecision,
    documents: have.documents,
    approvedTags: have.tags,
    labels: stored,
    fits,
    // The rules' keyword records on the same approved documents, for the app's rule source (rules.ts).
    keywordStats: keywordStats(docs, labels),
  }
  return { ok: true, model, trainingMs: performance.now() - t0 }
}

/**
 * A model ready to score: the weights of all labels interleaved in one dense array (feature-major),
 * so that scoring a sentence reads each feature's weights for every label in one place.
 */
export class SuggestModel {
  readonly json: SuggestModelJson
  private readonly labelIds: string[]
  private readonly biases: Float64Array
  private readonly thresholds: (number | null)[]
  private readonly weights: Float32Array
  /** For each label, the index of its parent among labelIds (-1: none, or not in the model). */
  private readonly parentIndex: Int32Array

  constructor(json: SuggestModelJson, labels: SuggestLabel[]) {
    if (json.format !== 'tagbench-suggest-model-1' || json.hashBits !== HASH_BITS || json.maxNgram !== MAX_NGRAM) {
      throw new Error(`This model (${json.format}, ${json.hashBits} bits) was trained by another version of the engine: train it again.`)
    }
    this.json = json
    // Labels archived since training are left out; merged ones are resolved by the caller (types.ts).
    const live = new Map(labels.map((l) => [l.id, l]))
    const kept = json.labels.filter((l) => live.has(l.labelId))
    this.labelIds = kept.map((l) => l.labelId)
    this.biases = Float64Array.from(kept.map((l) => l.bias))
    this.thresholds = kept.map((l) => l.threshold)
    const stride = kept.length
    this.weights = new Float32Array(HASH_SIZE * Math.max(stride, 1))
    kept.forEach((l, k) => decodeWeights(l.weights, this.weights, stride, k))
    const at = new Map(this.labelIds.map((id, k) => [id, k]))
    this.parentIndex = Int32Array.from(this.labelIds.map((id) => at.get(live.get(id)!.parentId ?? '') ?? -1))
  }

  get version(): string {
    return this.json.version
  }

  /** Probabilities of every label of the model for one sentence (in `labelIds` order). */
  probabilities(sentence: string): Float64Array {
    const ids = featureIds(sentence)
    const stride = this.labelIds.length
    const z = Float64Array.from(this.biases)
    const value = featureValue(ids.length)
    for (let k = 0; k < ids.length; k++) {
      const base = ids[k] * stride
      for (let l = 0; l < stride; l++) z[l] += this.weights[base + l] * value
    }
    for (let l = 0; l < stride; l++) z[l] = sigmoid(z[l])
    return z
  }

  /**
   * Suggestions for one text: each sentence with every label whose probability reaches its
   * threshold; a top label is left out where one of its children is suggested (the child says more).
   */
  suggest(text: string): SuggestionCandidate[] {
    const out: SuggestionCandidate[] = []
    const passed: number[] = []
    for (const unit of unitsOf(text)) {
      const p = this.probabilities(unit.text)
      passed.length = 0
      for (let l = 0; l < p.length; l++) {
        const t = this.thresholds[l]
        if (t !== null && p[l] >= t) passed.push(l)
      }
      const parents = new Set(passed.map((l) => this.parentIndex[l]).filter((l) => l >= 0))
      for (const l of passed) {
        if (parents.has(l)) continue
        out.push({ start: unit.start, end: unit.end, labelId: this.labelIds[l], source: 'model', score: p[l], ref: this.json.version })
      }
    }
    return out
  }

  /**
   * How unsure the model is about one text, 0..1: per sentence the closeness of the nearest label to
   * its threshold (1 on the threshold, falling with the distance in log-odds), averaged over the 10
   * least certain sentences. Labels without a threshold do not count.
   */
  uncertainty(text: string): number {
    const perUnit: number[] = []
    for (const unit of unitsOf(text)) {
      const p = this.probabilities(unit.text)
      let u = 0
      for (let l = 0; l < p.length; l++) {
        const t = this.thresholds[l]
        if (t === null) continue
        u = Math.max(u, Math.exp(-Math.abs(logOdds(p[l]) - logOdds(t))))
      }
      perUnit.push(u)
    }
    if (!perUnit.length) return 0
    perUnit.sort((a, b) => b - a)
    const top = perUnit.slice(0, 10)
    return top.reduce((a, b) => a + b, 0) / top.length
  }
}

function logOdds(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9)
  return Math.log(q / (1 - q))
}

/** Labels the model can suggest now (a classifier with a threshold), for the app's settings page. */
export function suggestableLabels(json: SuggestModelJson): string[] {
  return json.labels.filter((l) => l.threshold !== null).map((l) => l.labelId)
}
