// Character alignment of two passages (Levenshtein, unit costs, with the path kept) and the mapping
// of a span of the first through it onto the second. Works on arrays of code points, so an astral
// character (𠮷) is one position on both sides. Digits match any digit: the same sentence with another
// year's figures aligns without edits (the figures' own length may differ: an insertion or deletion).

/** Alignments larger than this (n × m cells) are not computed: propagation passages are sentences. */
export const MAX_ALIGN_CELLS = 4_000_000

const DIGIT = /\p{Nd}/u

/** Code points with every digit folded to "0": equal codes are equal characters for the alignment. */
export function foldForAlignment(chars: string[]): Int32Array {
  const out = new Int32Array(chars.length)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i].codePointAt(0)!
    // ASCII and full-width digits without a regex; other scripts' digits (rare here) through \p{Nd}.
    out[i] = (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19) || (c >= 0x660 && c < 0xff10 && DIGIT.test(chars[i])) ? 0x30 : c
  }
  return out
}

export interface Alignment {
  /** For each position of `a`, the position of `b` it is aligned with (a match or a substitution), or -1 when it was deleted. */
  aToB: Int32Array
  distance: number
  /** 1 − distance / max(length): 1 for equal passages. */
  similarity: number
}

// Reused between calls: the bag-of-characters count (one slot per code point, 4.4 MB) and the path.
let bag: Int32Array | null = null
let movesBuffer = new Uint8Array(1 << 16)
let rowBuffers: [Int32Array, Int32Array] = [new Int32Array(1024), new Int32Array(1024)]

/**
 * The most characters any alignment of a and b can match: the size of the intersection of their
 * character multisets. distance ≥ max(n, m) − matches, so this bounds the similarity from above.
 */
function commonCharacters(a: Int32Array, b: Int32Array): number {
  bag ??= new Int32Array(0x110000)
  for (let i = 0; i < a.length; i++) bag[a[i]]++
  let common = 0
  for (let j = 0; j < b.length; j++) {
    if (bag[b[j]] > 0) {
      bag[b[j]]--
      common++
    }
  }
  for (let i = 0; i < a.length; i++) bag[a[i]] = 0
  return common
}

/** align() on folded codes (foldForAlignment), for callers that align one passage many times. */
export function alignCodes(a: Int32Array, b: Int32Array, minSimilarity = 0): Alignment | null {
  const n = a.length
  const m = b.length
  const longest = Math.max(n, m)
  if (!longest) return { aToB: new Int32Array(0), distance: 0, similarity: 1 }
  // Cheap refusals first: the lengths, then the characters they share.
  if (1 - Math.abs(n - m) / longest < minSimilarity) return null
  if ((n + 1) * (m + 1) > MAX_ALIGN_CELLS) return null
  // A verbatim repeat (the common case when reports copy each other) needs neither the bound nor the
  // programme: the identity, exactly what the head/tail path below would give.
  if (n === m) {
    let same = 0
    while (same < n && a[same] === b[same]) same++
    if (same === n) {
      const aToB = new Int32Array(n)
      for (let i = 0; i < n; i++) aToB[i] = i
      return { aToB, distance: 0, similarity: 1 }
    }
  }
  if (minSimilarity > 0 && commonCharacters(a, b) / longest < minSimilarity) return null
  // Near-identical passages share a head and a tail: those align one to one, and only the middle
  // needs the dynamic programme (an exact repeat needs none).
  let head = 0
  while (head < n && head < m && a[head] === b[head]) head++
  let tail = 0
  while (tail < n - head && tail < m - head && a[n - 1 - tail] === b[m - 1 - tail]) tail++
  if (head > 0 || tail > 0) {
    const middle = head === n - tail && head === m - tail ? null : alignMiddle(a.subarray(head, n - tail), b.subarray(head, m - tail), longest, minSimilarity)
    if (middle === undefined) return null
    const aToB = new Int32Array(n)
    for (let i = 0; i < head; i++) aToB[i] = i
    if (middle) for (let i = 0; i < middle.aToB.length; i++) aToB[head + i] = middle.aToB[i] < 0 ? -1 : head + middle.aToB[i]
    for (let t = 1; t <= tail; t++) aToB[n - t] = m - t
    const distance = middle ? middle.distance : 0
    return { aToB, distance, similarity: 1 - distance / longest }
  }
  const whole = alignMiddle(a, b, longest, minSimilarity)
  return whole ? { ...whole, similarity: 1 - whole.distance / longest } : null
}

/**
 * The dynamic programme, on a and b whose similarity is measured against `longest` (the length of
 * the whole passages they were cut from). undefined: cannot reach minSimilarity.
 */
function alignMiddle(a: Int32Array, b: Int32Array, longest: number, minSimilarity: number): { aToB: Int32Array; distance: number } | undefined {
  const n = a.length
  const m = b.length
  if (!n || !m) {
    const distance = Math.max(n, m)
    return 1 - distance / longest < minSimilarity ? undefined : { aToB: new Int32Array(n).fill(-1), distance }
  }
  // Only cells within `band` of the diagonal can lie on a path of distance ≤ band (Ukkonen).
  const band = minSimilarity > 0 ? Math.floor((1 - minSimilarity) * longest) : longest
  const INF = 1 << 29
  const width = m + 1
  if (movesBuffer.length < (n + 1) * width) movesBuffer = new Uint8Array((n + 1) * width)
  const moves = movesBuffer
  // dist rows, and the move taken into each cell: 0 diagonal, 1 up (delete a[i-1]), 2 left (insert b[j-1]).
  // The two rows are reused between calls (propagation aligns tens of thousands of short pairs: fresh arrays were GC work).
  if (rowBuffers[0].length < width) rowBuffers = [new Int32Array(width * 2), new Int32Array(width * 2)]
  let prev = rowBuffers[0].subarray(0, width).fill(INF)
  let cur = rowBuffers[1].subarray(0, width).fill(INF)
  for (let j = 0; j <= Math.min(m, band); j++) {
    prev[j] = j
    moves[j] = 2
  }
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band)
    const hi = Math.min(m, i + band)
    cur.fill(INF)
    if (i <= band) {
      cur[0] = i
      moves[i * width] = 1
    }
    const ai = a[i - 1]
    // A lower bound on the final distance through each cell: its cost plus the difference of the
    // lengths left on both sides (each is at least one edit). Tighter than the row's minimum alone,
    // so a pair that cannot reach the similarity is given up sooner; a pair that can is never.
    const rest = n - i
    let rowMin = cur[0] + Math.abs(rest - m)
    for (let j = lo; j <= hi; j++) {
      const diagonal = prev[j - 1] + (ai === b[j - 1] ? 0 : 1)
      const up = prev[j] + 1
      const left = cur[j - 1] + 1
      // Ties prefer the diagonal, then a deletion: spans keep as many of their own characters as they can.
      let best: number
      if (diagonal <= up && diagonal <= left) {
        best = diagonal
        moves[i * width + j] = 0
      } else if (up <= left) {
        best = up
        moves[i * width + j] = 1
      } else {
        best = left
        moves[i * width + j] = 2
      }
      cur[j] = best
      const bound = best + (rest > m - j ? rest - (m - j) : m - j - rest)
      if (bound < rowMin) rowMin = bound
    }
    if (rowMin > band) return undefined // every path already costs more than the similarity allows
    ;[prev, cur] = [cur, prev]
  }
  const distance = prev[m]
  if (distance >= INF || 1 - distance / longest < minSimilarity) return undefined
  const aToB = new Int32Array(n).fill(-1)
  let i = n
  let j = m
  while (i > 0 || j > 0) {
    const move = i > 0 && j > 0 ? moves[i * width + j] : i > 0 ? 1 : 2
    if (move === 0) {
      aToB[i - 1] = j - 1
      i--
      j--
    } else if (move === 1) i--
    else j--
  }
  return { aToB, distance }
}

/**
 * Aligns `a` with `b`. Returns null when the passages are too large, or when they cannot reach
 * `minSimilarity` (checked from the lengths and the characters they share first, then on the distance).
 */
export function align(a: string[], b: string[], minSimilarity = 0): Alignment | null {
  return alignCodes(foldForAlignment(a), foldForAlignment(b), minSimilarity)
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
