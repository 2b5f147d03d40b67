// doccano's sequence-labelling JSONL: {"id", "text", "label": [[start, end, "label"]]} with the
// metadata at top level, where doccano shows it beside the text.
import type { ExportFormat, FormatWriter } from '../types'

export const doccanoFormat: ExportFormat = {
  name: 'doccano',
  describe: "doccano's sequence-labelling JSONL (Import dataset → Sequence Labeling → JSONL), label key \"label\".",
  fileName: (part) => `${part ?? 'corpus'}.doccano.jsonl`,
  createWriter(): FormatWriter {
    let count = 0
    return {
      head: () => '',
      document(doc) {
        count++
        return (
          JSON.stringify({
            id: doc.id,
            text: doc.text,
            label: doc.spans.map((s) => [s.start, s.end, s.label]),
            title: doc.title,
            ...doc.meta,
          }) + '\n'
        )
      },
      tail: () => '',
      records: () => count,
      report: () => ({}),
    }
  },
}
