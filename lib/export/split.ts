// Deterministic train/dev/test split by document. Documents are ordered by SHA-256 of
// "<seed>:<text_sha256>" and cut at the ratios, so the same selection and seed always give the same
// parts, each document lands in exactly one, and the parts hold the asked proportions exactly
// (rounded). Keying on the text's hash, not the database id, keeps the split the same after the
// corpus is imported into another project or instance.
import { createHash } from 'node:crypto'
import { splitParts, type SplitPart } from './types'

export interface SplitRequest {
  ratios: [number, number, number]
  seed: number
}

export const splitMethod = 'documents sorted by sha256("<seed>:<text_sha256>"), cut at the ratios (largest remainder)'

/** How many of `n` documents each part gets: largest-remainder rounding, so the counts sum to n. */
export function partSizes(n: number, ratios: [number, number, number]): [number, number, number] {
  const total = ratios[0] + ratios[1] + ratios[2]
  const exact = ratios.map((r) => (n * r) / total)
  const sizes = exact.map(Math.floor)
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (let k = 0; sizes[0] + sizes[1] + sizes[2] < n; k++) sizes[order[k % 3].i]++
  return sizes as [number, number, number]
}

export function assignParts(documents: { id: string; textSha256: string }[], split: SplitRequest): Map<string, SplitPart> {
  const keyed = documents
    .map((d) => ({ id: d.id, key: createHash('sha256').update(`${split.seed}:${d.textSha256}`).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
  const [train, dev] = partSizes(keyed.length, split.ratios)
  const parts = new Map<string, SplitPart>()
  keyed.forEach((d, i) => parts.set(d.id, i < train ? splitParts[0] : i < train + dev ? splitParts[1] : splitParts[2]))
  return parts
}
