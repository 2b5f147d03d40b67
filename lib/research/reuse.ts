// Text reuse between a report and its predecessor (issue 15, view 3; docs/decisions/0032): which of
// its sentences are the previous report's, reworded, or new, and which of the previous report's were
// dropped. Sentences are the app's own (lib/suggest/features.ts unitsOf: split after 。！？； and at
// line breaks); they are compared normalised as the propagation does (lib/suggest/minhash.ts:
// punctuation, symbols and whitespace dropped, every digit one symbol), so another year's figures are
// the same sentence. Equal normalised sentences are identical; otherwise the best character alignment
// (lib/suggest/align.ts) of similarity ≥ REWORDED_SIMILARITY pairs them as reworded. Pure: texts in,
// classification out, so the service may cache it per document pair (texts are immutable).
import { alignCodes, foldForAlignment } from '../suggest/align'
import { unitsOf } from '../suggest/features'
import { LshIndex, normalizeForShingles, signatureOf } from '../suggest/minhash'

export const REWORDED_SIMILARITY = 0.8
/** Above this many unmatched pairs, candidates come from MinHash banding instead of every pair. */
const BRUTE_FORCE_PAIRS = 40_000

export interface ReuseSentence {
  start: number
  end: number
  text: string
}

export type ReuseEntry =
  | { kind: 'same'; current: ReuseSentence; previous: ReuseSentence }
  | { kind: 'reworded'; current: ReuseSentence; previous: ReuseSentence; similarity: number; parts: DiffPart[] }
  | { kind: 'new'; current: ReuseSentence }
  | { kind: 'dropped'; previous: ReuseSentence }

export interface DiffPart {
  op: 'same' | 'added' | 'removed'
  text: string
}

export interface ReuseSummary {
  /** Sentences of the report with any text once normalised (a lone 。 is not a sentence here). */
  sentences: number
  previousSentences: number
  identical: number
  reworded: number
  added: number
  dropped: number
  /** identical / sentences; null without sentences. */
  identicalShare: number | null
  /** (identical + reworded) / sentences: the share of the report that is (near-)identical to its predecessor. */
  reuseShare: number | null
}

interface Prepared extends ReuseSentence {
  key: string
  codes: Int32Array
}

function prepare(text: string): Prepared[] {
  return unitsOf(text).flatMap((u) => {
    const { codes } = normalizeForShingles(Array.from(u.text))
    if (codes.length === 0) return []
    return [{ start: u.start, end: u.end, text: u.text, key: String.fromCodePoint(...codes), codes: Int32Array.from(codes) }]
  })
}

/** A character diff of two sentences from their alignment: kept, removed (of `a`) and added (of `b`) runs. */
export function characterDiff(a: string, b: string): DiffPart[] {
  const ca = Array.from(a)
  const cb = Array.from(b)
  const alignment = alignCodes(foldForAlignment(ca), foldForAlignment(cb))
  if (!alignment) return [...(a ? [{ op: 'removed' as const, text: a }] : []), ...(b ? [{ op: 'added' as const, text: b }] : [])]
  const parts: DiffPart[] = []
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts[parts.length - 1]
    if (last && last.op === op) last.text += text
    else parts.push({ op, text })
  }
  let j = 0
  for (let i = 0; i < ca.length; i++) {
    const to = alignment.aToB[i]
    if (to < 0) {
      push('removed', ca[i])
      continue
    }
    while (j < to) push('added', cb[j++])
    if (ca[i] === cb[to]) push('same', ca[i])
    else {
      push('removed', ca[i])
      push('added', cb[to])
    }
    j = to + 1
  }
  while (j < cb.length) push('added', cb[j++])
  return parts
}

/** Every sentence of `current` classified against `previous`, in the current report's order, dropped ones where they stood. */
export function compareReports(previous: string, current: string): { summary: ReuseSummary; entries: ReuseEntry[] } {
  const prev = prepare(previous)
  const cur = prepare(current)
  const matchOf = new Int32Array(cur.length).fill(-1)
  const similarityOf = new Float64Array(cur.length)
  const taken = new Uint8Array(prev.length)

  // Identical first: equal normalised text, each previous sentence used once, in order.
  const byKey = new Map<string, number[]>()
  prev.forEach((p, i) => {
    const list = byKey.get(p.key)
    if (list) list.push(i)
    else byKey.set(p.key, [i])
  })
  cur.forEach((c, k) => {
    const list = byKey.get(c.key)
    const i = list?.shift()
    if (i !== undefined) {
      matchOf[k] = i
      similarityOf[k] = 1
      taken[i] = 1
    }
  })

  // Then reworded: the best alignment among the previous sentences left, greedily in the report's order.
  const openCur = cur.map((_, k) => k).filter((k) => matchOf[k] < 0)
  const openPrev = prev.map((_, i) => i).filter((i) => !taken[i])
  let candidatesOf: (k: number) => Iterable<number> = () => openPrev
  if (openCur.length * openPrev.length > BRUTE_FORCE_PAIRS) {
    const index = new LshIndex()
    for (const i of openPrev) index.add(i, signatureOf(Array.from(prev[i].text)))
    candidatesOf = (k) => index.candidates(signatureOf(Array.from(cur[k].text)))
  }
  for (const k of openCur) {
    let best = -1
    let bestSimilarity = REWORDED_SIMILARITY
    for (const i of candidatesOf(k)) {
      if (taken[i]) continue
      const alignment = alignCodes(cur[k].codes, prev[i].codes, bestSimilarity)
      if (alignment && alignment.similarity >= bestSimilarity && (best < 0 || alignment.similarity > bestSimilarity)) {
        best = i
        bestSimilarity = alignment.similarity
      }
    }
    if (best >= 0) {
      matchOf[k] = best
      similarityOf[k] = bestSimilarity
      taken[best] = 1
    }
  }

  const plain = (s: Prepared): ReuseSentence => ({ start: s.start, end: s.end, text: s.text })
  // A dropped sentence is shown after the current sentence matched to the nearest previous sentence before it.
  const droppedAfter = new Map<number, number[]>()
  const currentOfPrev = new Int32Array(prev.length).fill(-1)
  matchOf.forEach((i, k) => i >= 0 && (currentOfPrev[i] = k))
  let lastCurrent = -1
  prev.forEach((_, i) => {
    if (currentOfPrev[i] >= 0) lastCurrent = Math.max(lastCurrent, currentOfPrev[i])
    else droppedAfter.set(lastCurrent, [...(droppedAfter.get(lastCurrent) ?? []), i])
  })
  const entries: ReuseEntry[] = []
  const pushDropped = (k: number) => {
    for (const i of droppedAfter.get(k) ?? []) entries.push({ kind: 'dropped', previous: plain(prev[i]) })
  }
  pushDropped(-1)
  let identical = 0
  let reworded = 0
  cur.forEach((c, k) => {
    const i = matchOf[k]
    if (i < 0) entries.push({ kind: 'new', current: plain(c) })
    else if (similarityOf[k] === 1 && c.key === prev[i].key) {
      identical++
      entries.push({ kind: 'same', current: plain(c), previous: plain(prev[i]) })
    } else {
      reworded++
      entries.push({ kind: 'reworded', current: plain(c), previous: plain(prev[i]), similarity: similarityOf[k], parts: characterDiff(prev[i].text, c.text) })
    }
    pushDropped(k)
  })
  const n = cur.length
  const summary: ReuseSummary = {
    sentences: n,
    previousSentences: prev.length,
    identical,
    reworded,
    added: n - identical - reworded,
    dropped: prev.length - identical - reworded,
    identicalShare: n ? identical / n : null,
    reuseShare: n ? (identical + reworded) / n : null,
  }
  return { summary, entries }
}
