// A JSON array of Label Studio tasks with their annotations, one annotation per annotator (their
// tags may overlap; Label Studio keeps annotators apart the same way). The zip also carries a
// labelling config (label-studio-config.xml) whose label values match these results.
import type { ExportDocument, ExportFormat, FormatWriter } from '../types'

export function labelStudioTask(doc: ExportDocument) {
  const byAnnotator = new Map<string, ExportDocument['spans']>()
  for (const span of doc.spans) {
    const list = byAnnotator.get(span.annotator) ?? []
    list.push(span)
    byAnnotator.set(span.annotator, list)
  }
  const annotators = [...byAnnotator.keys()].sort()
  return {
    data: { text: doc.text, doc_id: doc.id, title: doc.title, text_sha256: doc.text_sha256, ...doc.meta, annotators },
    annotations: annotators.map((annotator) => ({
      result: byAnnotator.get(annotator)!.map((s) => ({
        id: s.id,
        from_name: 'label',
        to_name: 'text',
        type: 'labels',
        value: { start: s.start, end: s.end, text: s.text, labels: [s.label] },
      })),
    })),
  }
}

export const labelStudioFormat: ExportFormat = {
  name: 'label-studio',
  describe: 'A JSON array of Label Studio tasks (data.text, annotations[].result[] of type "labels"); load with label-studio-config.xml.',
  fileName: (part) => `${part ?? 'corpus'}.label-studio.json`,
  createWriter(): FormatWriter {
    let count = 0
    return {
      head: () => '[\n',
      document(doc) {
        const separator = count === 0 ? '' : ',\n'
        count++
        return separator + JSON.stringify(labelStudioTask(doc))
      },
      tail: () => (count === 0 ? ']\n' : '\n]\n'),
      records: () => count,
      report: () => ({}),
    }
  },
}

// Tabs and line breaks as character references: an XML parser turns them into spaces in a literal attribute value.
const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' }
const xmlEscape = (s: string) => s.replace(/[&<>"'\t\n\r]/g, (ch) => xmlEntities[ch])

/** The labelling interface for Label Studio: every label path as a value, in its Tagbench colour. */
export function labelStudioConfig(labels: { path: string; color: string }[]): string {
  const items = labels.map((l) => `    <Label value="${xmlEscape(l.path)}" background="${xmlEscape(l.color)}"/>`).join('\n')
  return `<View>\n  <Labels name="label" toName="text">\n${items}\n  </Labels>\n  <Text name="text" value="$text"/>\n</View>\n`
}
