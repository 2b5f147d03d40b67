// Character alignment of two passages (Levenshtein, unit costs, with the path kept) and the mapping
// of a span of the first through it onto the second. Works on arrays of code points, so an astral
// character (𠮷) is one position on both sides. Digits match any digit: the same sentence with another
// year's figures aligns without edits (the figures' own length may differ: an insertion or deletion).

/** Alignments larger than this (n × m cells) are not computed: propagation passages are sentences. */
export const MAX_ALIGN_CELLS = 4_000_000

const DIGIT = /\p{Nd}/u

/** Code points with every digit folded to "0": equal codes are equal characters for the alignment. */
function fold(chars: string[]): Int32Array {
  return Int32Array.from(chars, (ch) => (DIGIT.test(ch) ? 0x30 : ch.codePointAt(0)!))
}

export interface Alignment {
  /** For each position of `a`, the position of `b` it is aligned with (a match or a substitution), or -1 when it was deleted. */
  aToB: Int32Array
  distance: number
  /** 1 − distance / max(length): 1 for equal passages. */
  similarity: number
}

/**
 * Aligns `a` with `b`. Returns null when the passages are too large, or when they cannot reach
 * `minSimilarity` (checked from the lengths first, then on the distance).
 */
export function align(a: string[], b: string[], minSimilarity = 0): Alignment | null {
  const n = a.length
  const m = b.length
  const longest = Math.max(n, m)
  if (!longest) return { aToB: new Int32Array(0), distance: 0, similarity: 1 }
  if (1 - Math.abs(n - m) / longest < minSimilarity) return null
  if ((n + 1) * (m + 1) > MAX_ALIGN_CELLS) return null
  // dist rows, and the move taken into each cell: 0 diagonal, 1 up (delete a[i-1]), 2 left (insert b[j-1]).
  const ca = fold(a)
  const cb = fold(b)
  const moves = new Uint8Array((n + 1) * (m + 1))
  let prev = new Int32Array(m + 1)
  let cur = new Int32Array(m + 1)
  for (let j = 0; j <= m; j++) {
    prev[j] = j
    moves[j] = 2
  }
  for (let i = 1; i <= n; i++) {
    cur[0] = i
    moves[i * (m + 1)] = 1
    const ai = ca[i - 1]
    for (let j = 1; j <= m; j++) {
      const diagonal = prev[j - 1] + (ai === cb[j - 1] ? 0 : 1)
      const up = prev[j] + 1
      const left = cur[j - 1] + 1
      // Ties prefer the diagonal, then a deletion: spans keep as many of their own characters as they can.
      if (diagonal <= up && diagonal <= left) {
        cur[j] = diagonal
        moves[i * (m + 1) + j] = 0
      } else if (up <= left) {
        cur[j] = up
        moves[i * (m + 1) + j] = 1
      } else {
        cur[j] = left
        moves[i * (m + 1) + j] = 2
      }
    }
    ;[prev, cur] = [cur, prev]
  }
  const distance = prev[m]
  const similarity = 1 - distance / longest
  if (similarity < minSimilarity) return null
  const aToB = new Int32Array(n).fill(-1)
  let i = n
  let j = m
  while (i > 0 || j > 0) {
    const move = moves[i * (m + 1) + j]
    if (i > 0 && j > 0 && move === 0) {
      aToB[i - 1] = j - 1
      i--
      j--
    } else if (i > 0 && (move === 1 || j === 0)) i--
    else j--
  }
  return { aToB, distance, similarity }
}

/**
 * The span [start, end) of `a` carried onto `b`: from the first to the last of its characters that
 * were kept (matched or substituted), so that text inserted inside the span is in it and text inserted
 * at its edges is not. Null when every character of the span was deleted.
 */
export function mapSpan(alignment: Alignment, start: number, end: number): { start: number; end: number } | null {
  let first = -1
  let last = -1
  for (let i = start; i < end; i++) {
    const j = alignment.aToB[i]
    if (j < 0) continue
    if (first < 0) first = j
    last = j
  }
  return first < 0 ? null : { start: first, end: last + 1 }
}
