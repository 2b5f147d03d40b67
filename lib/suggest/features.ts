// The model's units and features. A unit is a sentence (lib/text/sentences.ts: split after 。！？；
// and at line breaks); its features are hashed character n-grams, n = 1..3, binary, L2-normalised.
// Digits are folded to one symbol (another year's figures are the same sentence) and Latin letters
// to lower case. Hashing (the "hashing trick") keeps the model a fixed size whatever the corpus.
import { splitSentences, type Sentence } from '../text/sentences'
import type { GoldSpan, SuggestLabel } from './types'

export const HASH_BITS = 18
export const HASH_SIZE = 1 << HASH_BITS
const HASH_MASK = HASH_SIZE - 1
export const MAX_NGRAM = 3

export interface Unit extends Sentence {
  /** The unit's code points. */
  chars: string[]
}

/** The document's units with their text, in order. */
export function unitsOf(text: string): Unit[] {
  const chars = Array.from(text)
  return splitSentences(text).map((s) => ({ start: s.start, end: s.end, chars: chars.slice(s.start, s.end) }))
}

function foldChar(ch: string): number {
  const c = ch.codePointAt(0)!
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

/** The feature ids of one n-gram sequence, ascending and without repeats. */
export function featureIds(chars: string[]): Int32Array {
  const folded = chars.map(foldChar)
  const ids = new Set<number>()
  // Boundary symbols: "starts with 全年" and "ends with 。" are features of their own.
  const seq = [0x2, ...folded, 0x3]
  for (let i = 0; i < seq.length; i++) {
    let h = SEEDS[0]
    for (let n = 1; n <= MAX_NGRAM && i + n <= seq.length; n++) {
      h = mix(h ^ SEEDS[n], seq[i + n - 1])
      if (n === 1 && (seq[i] === 0x2 || seq[i] === 0x3)) continue // a boundary alone says nothing
      ids.add(finish(h) & HASH_MASK)
    }
  }
  return Int32Array.from([...ids].sort((a, b) => a - b))
}

/** Value of each feature of a unit with `count` features: binary, L2-normalised. */
export const featureValue = (count: number) => (count ? 1 / Math.sqrt(count) : 0)

/** Each label and the labels whose tags count as its positives: itself and, for a top label, its children. */
export function labelFamilies(labels: SuggestLabel[]): Map<string, Set<string>> {
  const families = new Map<string, Set<string>>()
  for (const label of labels) families.set(label.id, new Set([label.id]))
  for (const label of labels) if (label.parentId && families.has(label.parentId)) families.get(label.parentId)!.add(label.id)
  return families
}

export interface UnitLabels {
  /** Label ids the unit is an example of. */
  positive: Set<string>
  /** Label ids the unit only partly overlaps: neither example nor counter-example. */
  ambiguous: Set<string>
}

/**
 * Which labels each unit is an example of: a tag covers at least half of the unit, or at least half
 * of the tag lies in the unit (a short phrase tagged inside a long sentence makes the sentence an
 * example). A smaller overlap is ambiguous and left out of training for that label.
 */
export function labelUnits(units: Sentence[], tags: GoldSpan[], labels: SuggestLabel[]): UnitLabels[] {
  const families = labelFamilies(labels)
  const owners = new Map<string, string[]>() // tag label → labels it counts for
  for (const [id, family] of families) for (const member of family) owners.set(member, [...(owners.get(member) ?? []), id])
  const out = units.map(() => ({ positive: new Set<string>(), ambiguous: new Set<string>() }))
  const sorted = [...tags].sort((a, b) => a.start - b.start)
  for (const tag of sorted) {
    const counted = owners.get(tag.labelId)
    if (!counted) continue
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
      for (const id of counted) (enough ? out[u].positive : out[u].ambiguous).add(id)
    }
  }
  for (const unit of out) for (const id of unit.positive) unit.ambiguous.delete(id)
  return out
}
