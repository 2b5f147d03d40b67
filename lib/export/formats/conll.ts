// Character-level BIO: one character and its tag(s) per line, tab-separated, a blank line after
// every sentence, whitespace characters left out (docs/architecture.md, "Exports"). A BIO column holds one
// span per character, so overlapping spans cannot all be written: the layer policy places the
// longest span first (then the earlier one); every span it cannot place is counted and reported.
// A span is never cut: the sentences a placed span crosses are written as one CoNLL sentence (a
// boundary inside a span is not a boundary), and the joins are counted. Each document starts with
// `# doc_id = …` and `# title = …` comment lines, so that documents stay separable.
import { splitSentences } from '../../text/sentences'
import type { ExportFormat, ExportSpan, FormatContext, FormatWriter } from '../types'

const MAX_EXAMPLES = 50
const isSpace = (ch: string) => /\s/u.test(ch)
/** A comment's value on one line: runs of whitespace (tabs, line breaks) become one space. */
const commentValue = (value: string) => value.replace(/\s+/gu, ' ').trim()

export const conllPolicy = 'longest span first, then the earlier start; a span overlapping one already placed in its column is left out and counted'

export function conllColumns(context: FormatContext): string[] {
  return context.conllLayers === 'single' ? ['label'] : context.topLabels
}

export const conllFormat: ExportFormat = {
  name: 'conll',
  describe: 'Character-level BIO (one character per line, tab-separated tag columns, blank line between sentences, whitespace left out).',
  fileName: (part) => `${part ?? 'corpus'}.conll`,
  createWriter(context: FormatContext): FormatWriter {
    const columns = conllColumns(context)
    const columnOf = (span: ExportSpan) => (context.conllLayers === 'single' ? 0 : columns.indexOf(span.label_path[0]))
    let sentences = 0
    let sentencesJoined = 0
    let spansAcrossSentences = 0
    let placed = 0
    let unrepresented = 0
    const unrepresentedByLabel: Record<string, number> = {}
    const examples: string[] = []
    const documents: { id: string; sentences: number }[] = []

    const leaveOut = (span: ExportSpan) => {
      unrepresented++
      unrepresentedByLabel[span.label] = (unrepresentedByLabel[span.label] ?? 0) + 1
      if (examples.length < MAX_EXAMPLES) examples.push(span.id)
    }

    return {
      head: () => '',
      document(doc) {
        const chars = Array.from(doc.text)
        const tags = columns.map(() => new Array<string>(chars.length).fill('O'))
        const documentSentences = splitSentences(doc.text)
        // sentenceOf[i]: the sentence holding character i (whitespace between sentences: -1).
        const sentenceOf = new Int32Array(chars.length).fill(-1)
        documentSentences.forEach((sentence, index) => sentenceOf.fill(index, sentence.start, sentence.end))
        // joinedToNext[k]: sentence k and k + 1 are written as one, because a placed span crosses the boundary.
        const joinedToNext = new Uint8Array(documentSentences.length)
        const byColumn = columns.map(() => [] as ExportSpan[])
        for (const span of doc.spans) {
          const column = columnOf(span)
          if (column < 0) leaveOut(span) // a top label missing from the taxonomy snapshot: cannot happen, but never silently
          else byColumn[column].push(span)
        }
        byColumn.forEach((spans, column) => {
          const taken = new Uint8Array(chars.length)
          const ordered = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.id < b.id ? -1 : 1))
          for (const span of ordered) {
            let free = true
            for (let i = span.start; i < span.end && free; i++) if (taken[i]) free = false
            let first = span.start
            while (first < span.end && isSpace(chars[first])) first++
            if (!free || first === span.end) {
              leaveOut(span)
              continue
            }
            placed++
            taken.fill(1, span.start, span.end)
            tags[column][first] = `B-${span.label}`
            for (let i = first + 1; i < span.end; i++) tags[column][i] = `I-${span.label}`
            let last = span.end - 1
            while (isSpace(chars[last])) last--
            const from = sentenceOf[first]
            const to = sentenceOf[last]
            if (to > from) {
              spansAcrossSentences++
              joinedToNext.fill(1, from, to)
            }
          }
        })
        // A character line always has a tab after its one character, so "# " cannot start one.
        let out = `# doc_id = ${commentValue(doc.id)}\n# title = ${commentValue(doc.title)}\n`
        let written = 0
        documentSentences.forEach((sentence, index) => {
          for (let i = sentence.start; i < sentence.end; i++) {
            const ch = chars[i]
            if (isSpace(ch)) continue
            let line = ch
            for (let c = 0; c < columns.length; c++) line += '\t' + tags[c][i]
            out += line + '\n'
          }
          if (joinedToNext[index]) sentencesJoined++
          else {
            out += '\n'
            written++
          }
        })
        sentences += written
        documents.push({ id: doc.id, sentences: written })
        return out
      },
      tail: () => '',
      records: () => sentences,
      report: () => ({
        layers: context.conllLayers,
        columns: ['character', ...columns],
        policy: conllPolicy,
        spansPlaced: placed,
        spansNotRepresented: unrepresented,
        notRepresentedByLabel: unrepresentedByLabel,
        notRepresentedExamples: examples,
        sentences,
        sentencesJoined,
        spansAcrossSentences,
        documents,
      }),
    }
  },
}
