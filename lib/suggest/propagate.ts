// Propagation: an approved tag is proposed on near-identical passages of the project's other
// documents. A source passage is the run of sentences around an approved tag; passages are indexed
// by MinHash over normalised 5-grams with LSH banding (lib/suggest/minhash.ts); for a new document,
// each window of as many sentences as a passage has is a query; a candidate passage is verified by a
// character alignment (lib/suggest/align.ts), and the tag's span is carried through that alignment.
// The score is the alignment's similarity (1 − edit distance / length).
import { splitSentences, snapToSentences, type Sentence } from '../text/sentences'
import { align, mapSpan } from './align'
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
  sentences: number
  sig: Uint32Array
  occurrences: Occurrence[]
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
}

export class PropagationIndex {
  private readonly passages: Passage[] = []
  private readonly byText = new Map<string, number>()
  private readonly lsh = new LshIndex()
  private readonly sentenceCounts = new Set<number>()
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
      const covered = sentences.filter((s) => s.start < span.end && s.end > span.start).length
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
      this.passages.push({ chars, sentences, sig: signatureOf(chars), occurrences: [] })
      this.byText.set(text, id)
      this.lsh.add(id, this.passages[id].sig)
      this.sentenceCounts.add(sentences)
    }
    this.passages[id].occurrences.push(occurrence)
  }

  /** Drops a document's tags (deleted document, or before adding it again with new approvals). */
  removeDocument(documentId: string): void {
    for (const passage of this.passages) passage.occurrences = passage.occurrences.filter((o) => o.documentId !== documentId)
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
    const best = new Map<string, PropagationCandidate>()
    for (const count of [...this.sentenceCounts].sort((a, b) => a - b)) {
      for (let i = 0; i + count <= sentences.length; i++) {
        const window: Sentence = { start: sentences[i].start, end: sentences[i + count - 1].end }
        const windowChars = chars.slice(window.start, window.end)
        const sig = signatureOf(windowChars)
        for (const id of this.lsh.candidates(sig)) {
          const passage = this.passages[id]
          if (passage.sentences !== count) continue
          const others = passage.occurrences.filter((o) => o.documentId !== options.documentId)
          if (!others.length) continue
          // The signature estimate first (cheap), then the alignment decides.
          if (estimateJaccard(passage.sig, sig) < MIN_JACCARD_ESTIMATE) continue
          const alignment = align(passage.chars, windowChars, minSimilarity)
          if (!alignment) continue
          const supportBySpan = new Map<string, number>()
          const mapped = others.map((o) => {
            const span = mapSpan(alignment, o.start, o.end)
            const key = span ? `${span.start}:${span.end}:${o.labelId}` : ''
            if (span) supportBySpan.set(key, (supportBySpan.get(key) ?? 0) + 1)
            return { o, span, key }
          })
          for (const { o, span, key } of mapped) {
            if (!span) continue
            const candidate: PropagationCandidate = {
              start: window.start + span.start,
              end: window.start + span.end,
              labelId: o.labelId,
              source: 'propagation',
              score: alignment.similarity,
              ref: o.tagId,
              sourceDocumentId: o.documentId,
              sourceStart: o.passageStart,
              sourceEnd: o.passageEnd,
              support: supportBySpan.get(key)!,
            }
            const at = `${candidate.start}:${candidate.end}:${candidate.labelId}`
            const held = best.get(at)
            if (!held || candidate.score > held.score || (candidate.score === held.score && candidate.support > held.support)) best.set(at, candidate)
          }
        }
      }
    }
    return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.labelId.localeCompare(b.labelId))
  }
}
