// The shapes every export format works from: one document with the spans the filters selected.
// Offsets are Unicode code points, end exclusive (docs/architecture.md, "The offset contract").

export const exportFormats = ['jsonl', 'doccano', 'label-studio', 'conll', 'sentences'] as const
export type ExportFormatName = (typeof exportFormats)[number]

/** The export's tag layer: the annotators' tags, or gold tags where a document is curated (lib/export/gold.ts). */
export const exportLayers = ['tags', 'gold'] as const
export type ExportLayer = (typeof exportLayers)[number]

export const splitParts = ['train', 'dev', 'test'] as const
export type SplitPart = (typeof splitParts)[number]

export type ConllLayers = 'per_top_label' | 'single'

/** Report metadata as every format writes it (snake_case, dates as YYYY-MM-DD). */
export interface ExportMeta {
  province: string | null
  city: string | null
  county: string | null
  level: string | null
  report_year: number | null
  issuer: string | null
  published: string | null
  signed: string | null
  source_url: string | null
}

export interface ExportSpan {
  id: string
  start: number
  end: number
  /** The covered text: text[start:end] in code points. */
  text: string
  /** The label's full path joined with "/" (docs/architecture.md, "Exports": a flat string is the full path). */
  label: string
  label_path: string[]
  status: string
  /** The author's email, so an import elsewhere can find the same person. */
  annotator: string
  reviewer: string | null
  source: string
}

export interface ExportDocument {
  id: string
  title: string
  text: string
  text_sha256: string
  meta: ExportMeta
  /** Sorted by (start, end, label, id). */
  spans: ExportSpan[]
}

export interface FormatContext {
  /** Top-level label names in taxonomy order: the CoNLL layers when one layer per top label is asked for. */
  topLabels: string[]
  conllLayers: ConllLayers
}

/** What a format could not say, reported in the manifest and on the export page. */
export interface FormatReport {
  [key: string]: unknown
}

export interface FormatWriter {
  /** Text before the first document (a JSON array's "["). */
  head(): string
  /** The text for one document (lines, each ending in "\n"). */
  document(doc: ExportDocument): string
  /** Text after the last document. */
  tail(): string
  /** Records written (lines, tasks, sentences) since the writer was created. */
  records(): number
  report(): FormatReport
}

export interface ExportFormat {
  name: ExportFormatName
  /** The data file's name, per split part or for the whole corpus (part null). */
  fileName(part: SplitPart | null): string
  describe: string
  createWriter(context: FormatContext): FormatWriter
}
