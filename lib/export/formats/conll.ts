// Character-level BIO: one character and its tag(s) per line, tab-separated, a blank line after
// every sentence, whitespace characters left out (DESIGN.md, "Exports"). A BIO column holds one
// span per character, so overlapping spans cannot all be written: the layer policy places the
// longest span first (then the earlier one); every span it cannot place is counted and reported.
import { splitSentences } from '../../text/sentences'
import type { ExportFormat, ExportSpan, FormatContext, FormatWriter } from '../types'

const MAX_EXAMPLES = 50
const isSpace = (ch: string) => /\s/u.test(ch)

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
          }
        })
        let out = ''
        const documentSentences = splitSentences(doc.text)
        for (const sentence of documentSentences) {
          let firstInSentence = true
          for (let i = sentence.start; i < sentence.end; i++) {
            const ch = chars[i]
            if (isSpace(ch)) continue
            let line = ch
            for (let c = 0; c < columns.length; c++) {
              const tag = tags[c][i]
              // A span that runs on from the previous sentence starts afresh: each sentence is a sequence of its own.
              line += '\t' + (firstInSentence && tag.startsWith('I-') ? 'B-' + tag.slice(2) : tag)
            }
            out += line + '\n'
            firstInSentence = false
          }
          out += '\n'
        }
        sentences += documentSentences.length
        documents.push({ id: doc.id, sentences: documentSentences.length })
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
        documents,
      }),
    }
  },
}
