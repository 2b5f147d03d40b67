// The model's units and features. A unit is a sentence (lib/text/sentences.ts: split after 。！？；
// and at line breaks); its features are hashed character n-grams, n = 1..3, binary, L2-normalised.
// Digits are folded to one symbol (another year's figures are the same sentence) and Latin letters
// to lower case. Hashing (the "hashing trick") keeps the model a fixed size whatever the corpus.
import { CodePointIndex } from '../text/codepoints'
import { splitSentences, type Sentence } from '../text/sentences'
import type { GoldSpan, SuggestLabel } from './types'

export const HASH_BITS = 18
export const HASH_SIZE = 1 << HASH_BITS
const HASH_MASK = HASH_SIZE - 1
export const MAX_NGRAM = 3

export interface Unit extends Sentence {
  /** The unit's text (a slice of the document's: V8 keeps it as a view, not a copy). */
  text: string
}

/** The document's units with their text, in order. */
export function unitsOf(text: string): Unit[] {
  const index = new CodePointIndex(text)
  return splitSentences(text).map((s) => ({ start: s.start, end: s.end, text: index.slice(s.start, s.end) }))
}

function foldCode(c: number): number {
  if (c >= 0x30 && c <= 0x39) return 0x30 // ASCII digits
  if (c >= 0xff10 && c <= 0xff19) return 0x30 // full-width digits
  if (c >= 0x41 && c <= 0x5a) return c + 0x20
  if (c >= 0xff21 && c <= 0xff3a) return c - 0xff21 + 0x61 // full-width capitals → a..z
  if (c >= 0xff41 && c <= 0xff5a) return c - 0xff41 + 0x61
  return c
}

// 32-bit FNV-1a-style mixing over code points, with a different seed per n-gram length so that the
// unigram "审" and a bigram never share a hash by construction.
const SEEDS = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]
function mix(h: number, c: number): number {
  h ^= c
  h = Math.imul(h, 0x01000193)
  h ^= h >>> 15
  return h
}
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

// Scratch buffers, grown on demand: featureIds runs for every sentence of a corpus.
let seqBuffer = new Int32Array(1024)
let idBuffer = new Int32Array(3 * 1024)

/** The feature ids of one unit's text, ascending and without repeats. */
export function featureIds(text: string): Int32Array {
  if (seqBuffer.length < text.length + 2) {
    seqBuffer = new Int32Array(2 * text.length + 2)
    idBuffer = new Int32Array(MAX_NGRAM * seqBuffer.length)
  }
  const seq = seqBuffer
  // Boundary symbols: "starts with 全年" and "ends with 。" are features of their own.
  let n = 0
  seq[n++] = 0x2
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        i++
      }
    }
    seq[n++] = foldCode(c)
  }
  seq[n++] = 0x3
  let k = 0
  for (let i = 0; i < n; i++) {
    let h = SEEDS[0]
    for (let g = 1; g <= MAX_NGRAM && i + g <= n; g++) {
      h = mix(h ^ SEEDS[g], seq[i + g - 1])
      if (g === 1 && (seq[i] === 0x2 || seq[i] === 0x3)) continue // a boundary alone says nothing
      idBuffer[k++] = finish(h) & HASH_MASK
    }
  }
  const sorted = idBuffer.subarray(0, k).sort()
  let unique = 0
  for (let j = 0; j < k; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[unique++] = sorted[j]
  return sorted.slice(0, unique)
}

/** Value of each feature of a unit with `count` features: binary, L2-normalised. */
export const featureValue = (count: number) => (count ? 1 / Math.sqrt(count) : 0)

export interface UnitLabels {
  /** Label ids the unit is an example of. */
  positive: Set<string>
  /** Label ids the unit only partly overlaps: neither example nor counter-example. */
  ambiguous: Set<string>
}

/** Per unit and label (unit-major): not an example, an example, or a partial overlap left out. */
export const NEGATIVE = 0
export const POSITIVE = 1
export const AMBIGUOUS = 2

/**
 * Which labels each unit is an example of: a tag covers at least half of the unit, or at least half
 * of the tag lies in the unit (a short phrase tagged inside a long sentence makes the sentence an
 * example). A smaller overlap is ambiguous and left out of training for that label. Labels are exact:
 * a sentence tagged with a leaf is a counter-example for its top label, because a suggestion of the
 * top label there is one the annotator has to correct (docs/decisions/0027).
 * Returns marks[unit × labelCount + label] (NEGATIVE, POSITIVE, AMBIGUOUS): one byte per pair, a
 * corpus of 500,000 sentences and 20 labels in 10 MB.
 */
export function markUnits(units: Sentence[], tags: GoldSpan[], labelIndex: Map<string, number>): Uint8Array {
  const labelCount = labelIndex.size
  const marks = new Uint8Array(units.length * labelCount)
  const sorted = tags.filter((t) => labelIndex.has(t.labelId)).sort((a, b) => a.start - b.start)
  for (const tag of sorted) {
    const l = labelIndex.get(tag.labelId)!
    // Units are sorted and disjoint: find the first that ends after the tag starts.
    let lo = 0
    let hi = units.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (units[mid].end <= tag.start) lo = mid + 1
      else hi = mid
    }
    for (let u = lo; u < units.length && units[u].start < tag.end; u++) {
      const overlap = Math.min(units[u].end, tag.end) - Math.max(units[u].start, tag.start)
      if (overlap <= 0) continue
      const enough = overlap * 2 >= Math.min(units[u].end - units[u].start, tag.end - tag.start)
      const at = u * labelCount + l
      if (enough) marks[at] = POSITIVE
      else if (marks[at] !== POSITIVE) marks[at] = AMBIGUOUS
    }
  }
  return marks
}

/** markUnits as sets of label ids per unit (for reading and tests). */
export function labelUnits(units: Sentence[], tags: GoldSpan[], labels: SuggestLabel[]): UnitLabels[] {
  const labelIndex = new Map(labels.map((l, k) => [l.id, k]))
  const marks = markUnits(units, tags, labelIndex)
  return units.map((_, u) => {
    const positive = new Set<string>()
    const ambiguous = new Set<string>()
    labels.forEach((l, k) => {
      const mark = marks[u * labels.length + k]
      if (mark === POSITIVE) positive.add(l.id)
      else if (mark === AMBIGUOUS) ambiguous.add(l.id)
    })
    return { positive, ambiguous }
  })
}
