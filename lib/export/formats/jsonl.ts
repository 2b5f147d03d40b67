// Tagbench's own format: one JSON line per document with its spans (docs/architecture.md, "Exports").
// Key order is fixed so that two exports of the same data are byte-identical.
import type { ExportDocument, ExportFormat, FormatWriter } from '../types'

export function jsonlLine(doc: ExportDocument): string {
  return (
    JSON.stringify({
      id: doc.id,
      title: doc.title,
      text: doc.text,
      meta: doc.meta,
      text_sha256: doc.text_sha256,
      spans: doc.spans.map((s) => ({
        id: s.id,
        start: s.start,
        end: s.end,
        text: s.text,
        label: s.label,
        label_path: s.label_path,
        status: s.status,
        annotator: s.annotator,
        reviewer: s.reviewer,
        source: s.source,
      })),
    }) + '\n'
  )
}

export const jsonlFormat: ExportFormat = {
  name: 'jsonl',
  describe: 'One JSON object per line and document: text, metadata and spans (code-point offsets).',
  fileName: (part) => `${part ?? 'corpus'}.jsonl`,
  createWriter(): FormatWriter {
    let count = 0
    return {
      head: () => '',
      document(doc) {
        count++
        return jsonlLine(doc)
      },
      tail: () => '',
      records: () => count,
      report: () => ({}),
    }
  },
}
