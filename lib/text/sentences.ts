// Sentences of a report, as code-point spans: a sentence ends after 。！？； (full or half width)
// and at every line break. Leading and trailing whitespace is left out; empty pieces are dropped.
// Used to snap a selection to whole sentences, to move sentence by sentence, and by the exports.

const ENDERS = new Set(['。', '！', '？', '；', '!', '?', ';'])
// Closing quotes and brackets right after an ender belong to that sentence: “……。”
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', "'"])

export interface Sentence {
  start: number
  end: number
}

function isSpace(ch: string): boolean {
  return /\s/u.test(ch) // includes U+00A0, U+3000, \r, \n
}

export function splitSentences(text: string): Sentence[] {
  const chars = Array.from(text)
  const out: Sentence[] = []
  let start = 0
  const push = (from: number, to: number) => {
    while (from < to && isSpace(chars[from])) from++
    while (to > from && isSpace(chars[to - 1])) to--
    if (to > from) out.push({ start: from, end: to })
  }
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    if (ch === '\n') {
      push(start, i)
      start = i + 1
    } else if (ENDERS.has(ch)) {
      let end = i + 1
      while (end < chars.length && CLOSERS.has(chars[end])) end++
      push(start, end)
      start = end
      i = end - 1
    }
  }
  push(start, chars.length)
  return out
}

/** Index of the first sentence that ends after `offset` (the sentence holding it, or the next). */
export function sentenceAt(sentences: Sentence[], offset: number): number {
  let lo = 0
  let hi = sentences.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sentences[mid].end <= offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The smallest run of whole sentences that covers [start, end). */
export function snapToSentences(sentences: Sentence[], start: number, end: number): Sentence | null {
  const first = sentenceAt(sentences, start)
  if (first >= sentences.length) return null
  let last = sentenceAt(sentences, Math.max(start, end - 1))
  if (last >= sentences.length) last = sentences.length - 1
  return { start: Math.min(start, sentences[first].start), end: Math.max(end, sentences[last].end) }
}
