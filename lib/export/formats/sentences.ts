// One JSON line per sentence, with the labels of every selected span that overlaps it: for passage
// (sentence) classification. Sentences come from lib/text/sentences.ts, as in CoNLL.
import { splitSentences } from '../../text/sentences'
import type { ExportFormat, FormatWriter } from '../types'

export const sentencesFormat: ExportFormat = {
  name: 'sentences',
  describe: 'One JSON object per line and sentence: doc_id, sentence_index, start, end, text and the labels of the spans overlapping it.',
  fileName: (part) => `${part ?? 'corpus'}.sentences.jsonl`,
  createWriter(): FormatWriter {
    let count = 0
    let labelled = 0
    return {
      head: () => '',
      document(doc) {
        const chars = Array.from(doc.text)
        let out = ''
        splitSentences(doc.text).forEach((sentence, index) => {
          const labels = new Set<string>()
          for (const span of doc.spans) {
            if (span.start >= sentence.end) break // spans are sorted by start
            if (span.end > sentence.start) labels.add(span.label)
          }
          count++
          if (labels.size) labelled++
          out +=
            JSON.stringify({
              doc_id: doc.id,
              sentence_index: index,
              start: sentence.start,
              end: sentence.end,
              text: chars.slice(sentence.start, sentence.end).join(''),
              labels: [...labels].sort(),
            }) + '\n'
        })
        return out
      },
      tail: () => '',
      records: () => count,
      report: () => ({ sentences: count, sentencesWithLabels: labelled }),
    }
  },
}
