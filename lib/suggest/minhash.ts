// MinHash signatures over normalised character 5-grams, and LSH banding to find candidate pairs
// without comparing every passage with every other (Broder 1997; Leskovec, Rajaraman and Ullman,
// Mining of Massive Datasets, ch. 3). Normalisation drops punctuation, symbols and whitespace and maps
// every digit to one symbol, so that the same sentence with another year's figures has the same 5-grams.

export const SHINGLE = 5
export const NUM_HASHES = 64
/**
 * 32 bands of 2 rows: a pair with Jaccard similarity s becomes a candidate with probability
 * 1 − (1 − s²)³² (0.2 → 0.73, 0.3 → 0.95, 0.45 → 1.00; 0.05 → 0.08). Sensitive on purpose: in a
 * 30-character sentence three edits (another city, another figure, one word added) leave 92 % of the
 * characters but only about 45 % of the 5-grams; the alignment, not the banding, decides.
 */
export const BANDS = 32
export const ROWS = NUM_HASHES / BANDS

const DROPPED = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]/u
const DIGIT = /\p{Nd}/u

/** The normalised code points of `chars` (numbers), with the index in `chars` each came from. */
export function normalizeForShingles(chars: string[]): { codes: number[]; from: number[] } {
  const codes: number[] = []
  const from: number[] = []
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    if (DROPPED.test(ch)) continue
    let c = ch.codePointAt(0)!
    if (DIGIT.test(ch)) c = 0x30
    else if (c >= 0x41 && c <= 0x5a) c += 0x20
    codes.push(c)
    from.push(i)
  }
  return { codes, from }
}

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** 32-bit hashes of the SHINGLE-grams of normalised code points (a shorter text is one shingle). */
export function shingleHashes(codes: number[]): Uint32Array {
  if (!codes.length) return new Uint32Array(0)
  const count = Math.max(1, codes.length - SHINGLE + 1)
  const out = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    let h = 0x9747b28c
    for (let k = i; k < Math.min(i + SHINGLE, codes.length); k++) h = Math.imul(h ^ codes[k], 0x01000193)
    out[i] = fmix(h)
  }
  return out
}

// Hash i of a shingle is (A[i]·x + B[i]) mod 2³² over the already mixed shingle hash x, with odd A[i]:
// cheap, and independent enough across i for MinHash over mixed inputs.
const A = new Uint32Array(NUM_HASHES)
const B = new Uint32Array(NUM_HASHES)
{
  let s = 0x2545f491
  for (let i = 0; i < NUM_HASHES; i++) {
    s = fmix(s + 0x9e3779b9)
    A[i] = s | 1
    s = fmix(s + 0x9e3779b9)
    B[i] = s
  }
}

/** The MinHash signature of a set of shingle hashes; all 0xffffffff for an empty set. */
export function minhash(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff)
  for (let k = 0; k < shingles.length; k++) {
    const x = shingles[k]
    for (let i = 0; i < NUM_HASHES; i++) {
      const h = (Math.imul(A[i], x) + B[i]) >>> 0
      if (h < sig[i]) sig[i] = h
    }
  }
  return sig
}

export function signatureOf(chars: string[]): Uint32Array {
  return minhash(shingleHashes(normalizeForShingles(chars).codes))
}

/** The share of equal positions: an estimate of the Jaccard similarity of the two shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++
  return same / NUM_HASHES
}

function bandKey(sig: Uint32Array, band: number): number {
  let h = 0x811c9dc5 ^ band
  for (let r = band * ROWS; r < (band + 1) * ROWS; r++) h = Math.imul(h ^ sig[r], 0x01000193)
  return fmix(h)
}

/** LSH banding: items whose signatures agree on all rows of at least one band are candidates. */
export class LshIndex {
  private readonly buckets: Map<number, number[]>[] = Array.from({ length: BANDS }, () => new Map())

  add(item: number, sig: Uint32Array): void {
    if (sig[0] === 0xffffffff) return // an empty text has no shingles to match on
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(sig, band)
      const bucket = this.buckets[band].get(key)
      if (bucket) bucket.push(item)
      else this.buckets[band].set(key, [item])
    }
  }

  candidates(sig: Uint32Array): Set<number> {
    const out = new Set<number>()
    if (sig[0] === 0xffffffff) return out
    for (let band = 0; band < BANDS; band++) {
      const bucket = this.buckets[band].get(bandKey(sig, band))
      if (bucket) for (const item of bucket) out.add(item)
    }
    return out
  }
}
