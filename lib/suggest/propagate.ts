// Propagation: an approved tag is proposed on near-identical passages of the project's other
// documents. A source passage is the run of sentences around an approved tag; passages are indexed
// by MinHash over normalised 5-grams with LSH banding (lib/suggest/minhash.ts); for a new document,
// each window of as many sentences as a passage has is a query; a candidate passage is verified by a
// character alignment (lib/suggest/align.ts), and the tag's span is carried through that alignment.
// The score is the alignment's similarity (1 − edit distance / length).
import { sentenceAt, splitSentences, snapToSentences, type Sentence } from '../text/sentences'
import { alignCodes, foldForAlignment, mapSpan } from './align'
import { LshIndex, estimateJaccard, signatureOf } from './minhash'
import type { PropagationCandidate, SourceDocument } from './types'

export const DEFAULT_MIN_SIMILARITY = 0.85
/** Passages longer than this (code points) are not indexed: alignment is quadratic, and a tag that long is rare. */
export const MAX_PASSAGE = 1_500
/** Windows of up to this many sentences are queried (a passage of more sentences is not indexed). */
export const MAX_PASSAGE_SENTENCES = 6
/** Candidates whose signatures agree on fewer positions than this are dropped before the alignment (see BANDS in minhash.ts). */
const MIN_JACCARD_ESTIMATE = 0.2

interface Occurrence {
  tagId: string
  documentId: string
  labelId: string
  /** The tag's span relative to the passage start. */
  start: number
  end: number
  /** The passage in its document. */
  passageStart: number
  passageEnd: number
}

interface Passage {
  chars: string[]
  /** foldForAlignment(chars), once. */
  codes: Int32Array
  sentences: number
  sig: Uint32Array
  occurrences: Occurrence[]
  /** The occurrences by (span, label): a span is carried through an alignment once per group. */
  groups: Map<string, Occurrence[]>
}

/** One tag group carried onto a window, relative to the window's start. */
interface Carried {
  start: number
  end: number
  labelNo: number
  score: number
  source: Occurrence
  support: number
}

export interface PropagationIndexJson {
  format: 'tagbench-propagation-index-1'
  /** Per distinct passage text: the text and its occurrences [tagId, documentId, labelId, start, end, passageStart, passageEnd]. */
  passages: { text: string; sentences: number; occurrences: [string, string, string, number, number, number, number][] }[]
}

export interface ProposeOptions {
  minSimilarity?: number
  /** The document the proposals are for: its own tags are never proposed back to it. */
  documentId?: string
  /** false: every window is signed, looked up and aligned again (the reference path the tests compare the cached one with). */
  reuseWindows?: boolean
}

export class PropagationIndex {
  private readonly passages: Passage[] = []
  private readonly byText = new Map<string, number>()
  /** One LSH index per number of sentences in a passage: a window is only compared with passages as long. */
  private readonly lsh = new Map<number, LshIndex>()
  /** A small number per label id, for the proposals' numeric (span, label) keys. */
  private readonly labelNumbers = new Map<string, number>()
  /** Tags left out of the index, for the app's log: passage too long or too many sentences. */
  skipped = 0

  static build(docs: Iterable<SourceDocument>): PropagationIndex {
    const index = new PropagationIndex()
    for (const doc of docs) index.addDocument(doc)
    return index
  }

  /** Adds a document's approved tags (a document added twice has its tags twice: call removeDocument first). */
  addDocument(doc: SourceDocument): void {
    if (!doc.tags.length) return
    const chars = Array.from(doc.text)
    const sentences = splitSentences(doc.text)
    for (const tag of doc.tags) {
      const span = snapToSentences(sentences, tag.start, tag.end)
      if (!span) continue
      const covered = sentenceAt(sentences, span.end - 1) - sentenceAt(sentences, span.start) + 1
      if (span.end - span.start > MAX_PASSAGE || covered > MAX_PASSAGE_SENTENCES || covered < 1) {
        this.skipped++
        continue
      }
      const text = chars.slice(span.start, span.end).join('')
      this.addOccurrence(text, covered, {
        tagId: tag.tagId,
        documentId: doc.documentId,
        labelId: tag.labelId,
        start: tag.start - span.start,
        end: tag.end - span.start,
        passageStart: span.start,
        passageEnd: span.end,
      })
    }
  }

  private addOccurrence(text: string, sentences: number, occurrence: Occurrence): void {
    let id = this.byText.get(text)
    if (id === undefined) {
      const chars = Array.from(text)
      id = this.passages.length
      this.passages.push({ chars, codes: foldForAlignment(chars), sentences, sig: signatureOf(chars), occurrences: [], groups: new Map() })
      this.byText.set(text, id)
      let lsh = this.lsh.get(sentences)
      if (!lsh) this.lsh.set(sentences, (lsh = new LshIndex()))
      lsh.add(id, this.passages[id].sig)
    }
    const passage = this.passages[id]
    passage.occurrences.push(occurrence)
    const key = `${occurrence.start}:${occurrence.end}:${occurrence.labelId}`
    const group = passage.groups.get(key)
    if (group) group.push(occurrence)
    else passage.groups.set(key, [occurrence])
  }

  /** Drops a document's tags (deleted document, or before adding it again with new approvals). */
  removeDocument(documentId: string): void {
    for (const passage of this.passages) {
      if (!passage.occurrences.some((o) => o.documentId === documentId)) continue
      passage.occurrences = passage.occurrences.filter((o) => o.documentId !== documentId)
      for (const [key, group] of passage.groups) {
        const kept = group.filter((o) => o.documentId !== documentId)
        if (kept.length) passage.groups.set(key, kept)
        else passage.groups.delete(key)
      }
    }
  }

  get size(): { passages: number; tags: number } {
    return { passages: this.passages.length, tags: this.passages.reduce((n, p) => n + p.occurrences.length, 0) }
  }

  toJSON(): PropagationIndexJson {
    return {
      format: 'tagbench-propagation-index-1',
      passages: this.passages
        .filter((p) => p.occurrences.length)
        .map((p) => ({
          text: p.chars.join(''),
          sentences: p.sentences,
          occurrences: p.occurrences.map((o) => [o.tagId, o.documentId, o.labelId, o.start, o.end, o.passageStart, o.passageEnd]),
        })),
    }
  }

  /** Rebuilds an index from its JSON (signatures are recomputed: cheaper to store less). */
  static fromJSON(json: PropagationIndexJson): PropagationIndex {
    if (json.format !== 'tagbench-propagation-index-1') throw new Error(`Unknown propagation index format ${String(json.format)}: rebuild it from the approved tags.`)
    const index = new PropagationIndex()
    for (const p of json.passages) {
      for (const [tagId, documentId, labelId, start, end, passageStart, passageEnd] of p.occurrences) {
        index.addOccurrence(p.text, p.sentences, { tagId, documentId, labelId, start, end, passageStart, passageEnd })
      }
    }
    return index
  }

  /**
   * Proposals for one document: every window of sentences whose text aligns with an indexed passage
   * at `minSimilarity` or more gets that passage's tags, their spans carried through the alignment.
   * One proposal per (span, label): the best aligned, then the most supported, source tag.
   */
  propose(text: string, options: ProposeOptions = {}): PropagationCandidate[] {
    const minSimilarity = options.minSimilarity ?? DEFAULT_MIN_SIMILARITY
    const chars = Array.from(text)
    const sentences = splitSentences(text)
    // UTF-16 offset of each code point, so that a window's text (the cache key) is a substring, not a copied array joined.
    const utf16 = new Int32Array(chars.length + 1)
    for (let k = 0; k < chars.length; k++) utf16[k + 1] = utf16[k] + chars[k].length
    const best = new Map<number, PropagationCandidate>()
    // Reports repeat themselves: the same window text recurs many times in a long report, and what it
    // yields (candidates, alignments, each tag group's span carried through, its source and support)
    // depends only on that text. Each distinct window text is signed, looked up, aligned and mapped
    // once; the result is exactly what doing it again would give (all of it is a pure function of the
    // two texts and the document the proposals are for).
    const verified = new Map<string, Carried[]>()
    const reuse = options.reuseWindows !== false
    for (const [count, lsh] of [...this.lsh.entries()].sort((a, b) => a[0] - b[0])) {
      verified.clear()
      for (let i = 0; i + count <= sentences.length; i++) {
        const window: Sentence = { start: sentences[i].start, end: sentences[i + count - 1].end }
        const windowText = reuse ? text.slice(utf16[window.start], utf16[window.end]) : ''
        let carried = reuse ? verified.get(windowText) : undefined
        if (!carried) {
          carried = this.carry(chars.slice(window.start, window.end), lsh, minSimilarity, options.documentId)
          if (reuse) verified.set(windowText, carried)
        }
        for (const c of carried) {
          const start = window.start + c.start
          const end = window.start + c.end
          // (span, label) as one number: start and end < 2²¹ code points, label numbers < 2¹¹ (exact below 2⁵³).
          const at = (start * 2_097_152 + end) * 2048 + c.labelNo
          const held = best.get(at)
          if (held && (held.score > c.score || (held.score === c.score && held.support >= c.support))) continue
          best.set(at, {
            start,
            end,
            labelId: c.source.labelId,
            source: 'propagation',
            score: c.score,
            ref: c.source.tagId,
            sourceDocumentId: c.source.documentId,
            sourceStart: c.source.passageStart,
            sourceEnd: c.source.passageEnd,
            support: c.support,
          })
        }
      }
    }
    return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.labelId.localeCompare(b.labelId))
  }

  /** What one window yields, relative to its start: each verified passage's tag groups carried through the alignment, in the order proposals are weighed. */
  private carry(windowChars: string[], lsh: LshIndex, minSimilarity: number, documentId: string | undefined): Carried[] {
    const out: Carried[] = []
    const sig = signatureOf(windowChars)
    let windowCodes: Int32Array | null = null
    for (const id of lsh.candidates(sig)) {
      const passage = this.passages[id]
      if (!passage.occurrences.length) continue
      // The signature estimate first (cheap), then the alignment decides.
      if (estimateJaccard(passage.sig, sig) < MIN_JACCARD_ESTIMATE) continue
      windowCodes ??= foldForAlignment(windowChars)
      const alignment = alignCodes(passage.codes, windowCodes, minSimilarity)
      if (!alignment) continue
      for (const group of passage.groups.values()) {
        // The source tag shown: the first of the group from another document.
        const source = group.find((o) => o.documentId !== documentId)
        if (!source) continue
        const span = mapSpan(alignment, source.start, source.end)
        if (!span) continue
        let support = group.length
        if (documentId !== undefined) for (const o of group) if (o.documentId === documentId) support--
        out.push({ start: span.start, end: span.end, labelNo: this.labelNumber(source.labelId), score: alignment.similarity, source, support })
      }
    }
    return out
  }

  private labelNumber(labelId: string): number {
    let n = this.labelNumbers.get(labelId)
    if (n === undefined) this.labelNumbers.set(labelId, (n = this.labelNumbers.size))
    return n
  }
}
