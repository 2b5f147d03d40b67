// Sentence fingerprints for finding near duplicates: the same report saved twice from two sites,
// or last year's report with this year's numbers. Whitespace and punctuation do not count, short
// sentences (headings, "一、") do not either: they are shared by unrelated reports.
import { createHash } from 'node:crypto'

/** Sentences shorter than this (in characters, after normalising) are left out. */
export const MIN_SENTENCE = 12

export function sentenceFingerprints(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(/[。！？；!?;\n]+/)) {
    const sentence = raw.replace(/[\s\p{P}\p{S}]+/gu, '')
    if (Array.from(sentence).length < MIN_SENTENCE) continue
    out.push(createHash('sha1').update(sentence).digest('base64').slice(0, 12))
  }
  return out
}

/** The share of the candidate's sentences found in `existing` (0 when it has none). */
export function sharedShare(candidate: string[], existing: Set<string>): number {
  const unique = [...new Set(candidate)]
  if (unique.length === 0) return 0
  return unique.filter((p) => existing.has(p)).length / unique.length
}
