// Active learning: the order in which an annotator's next documents come, most informative first.
// Uncertainty alone keeps serving near-copies of the same report (reports reuse whole paragraphs,
// and inception#2197 describes the same few documents coming round again), so the order is greedy:
// each pick's value is its uncertainty times how unlike it is to the documents already picked (and
// to the ones the annotator just did), the likeness being the cosine of character-bigram profiles.
import type { SuggestModel } from './model'

const PROFILE_BITS = 12
/** Only the most uncertain documents are ordered greedily (quadratic); the rest follow by uncertainty. */
const GREEDY_LIMIT = 300

/** A document's character-bigram profile: hashed counts, L2-normalised, as a sparse map. */
export function documentProfile(text: string): Map<number, number> {
  const chars = Array.from(text.replace(/[\p{P}\p{S}\s\d]/gu, ''))
  const counts = new Map<number, number>()
  for (let i = 0; i + 1 < chars.length; i++) {
    const h = (Math.imul(chars[i].codePointAt(0)!, 0x9e3779b1) ^ Math.imul(chars[i + 1].codePointAt(0)!, 0x85ebca6b)) >>> (32 - PROFILE_BITS)
    counts.set(h, (counts.get(h) ?? 0) + 1)
  }
  let norm = 0
  for (const c of counts.values()) norm += c * c
  norm = Math.sqrt(norm) || 1
  for (const [k, c] of counts) counts.set(k, c / norm)
  return counts
}

export function cosine(a: Map<number, number>, b: Map<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let dot = 0
  for (const [k, v] of small) dot += v * (large.get(k) ?? 0)
  return dot
}

export interface RankedDocument {
  id: string
  /** The model's uncertainty, 0..1 (SuggestModel.uncertainty). */
  uncertainty: number
  /** The value it was picked by: uncertainty × (1 − the highest likeness to an earlier pick). */
  priority: number
}

/**
 * Orders documents for annotation. `recent`: texts the annotator has just worked on, which count as
 * already picked (their near-copies go down the list).
 */
export function orderByUncertainty(model: SuggestModel, docs: { id: string; text: string }[], recent: string[] = []): RankedDocument[] {
  const scored = docs.map((d) => ({ id: d.id, text: d.text, uncertainty: model.uncertainty(d.text) }))
  scored.sort((a, b) => b.uncertainty - a.uncertainty || a.id.localeCompare(b.id))
  const head = scored.slice(0, GREEDY_LIMIT).map((d) => ({ ...d, profile: documentProfile(d.text) }))
  const picked = recent.map(documentProfile)
  const likeness = head.map((d) => picked.reduce((m, p) => Math.max(m, cosine(d.profile, p)), 0))
  const out: RankedDocument[] = []
  const left = new Set(head.map((_, k) => k))
  while (left.size) {
    let best = -1
    let bestValue = -1
    for (const k of left) {
      const value = head[k].uncertainty * (1 - likeness[k])
      if (value > bestValue) {
        best = k
        bestValue = value
      }
    }
    left.delete(best)
    out.push({ id: head[best].id, uncertainty: head[best].uncertainty, priority: bestValue })
    for (const k of left) likeness[k] = Math.max(likeness[k], cosine(head[k].profile, head[best].profile))
  }
  for (const d of scored.slice(GREEDY_LIMIT)) out.push({ id: d.id, uncertainty: d.uncertainty, priority: d.uncertainty })
  return out
}
