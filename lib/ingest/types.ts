// The contract between the two halves of reading a raw file (issue 11): extraction (bytes → format,
// encoding, the page's text and where the report's body lies in it) and metadata (that text → the
// report's fields, each with where it was read from). Offsets are code points into `text`, end
// exclusive (docs/architecture.md, "The offset contract").

/** What the bytes are, sniffed from the bytes themselves, never from the file name. */
export type SourceFormat = 'html' | 'text' | 'docx' | 'pdf'

/** Something a manager should look at before importing; `key` is a message key (messages/*.json, area "ingest"). */
export interface IngestWarning {
  code: string
  message: string
  key: string
  values?: Record<string, string | number>
  /** The metadata field it concerns, if any. */
  field?: string
}

export interface ExtractedFile {
  format: SourceFormat
  /** The encoding the bytes were decoded with (e.g. 'utf-8', 'gb18030', 'utf-16le'); null for docx/pdf. */
  encoding: string | null
  /** How the encoding was found. */
  encodingSource: 'bom' | 'declared' | 'detected' | 'container' | null
  /** 0..1: 1 for a BOM or a declaration that decodes cleanly, lower for detection. */
  encodingConfidence: number
  /**
   * The whole readable text of the file as plain text (HTML turned into text, paragraphs separated by
   * blank lines, scripts and styles dropped; never HTML), chrome included: what the preview shows.
   */
  text: string
  /** Where the report's own text lies in `text`: what is outside is page chrome (shown shaded). */
  body: { start: number; end: number } | null
  /** The page's title element, meta tags and links, for the metadata half (HTML only). */
  page?: {
    title: string | null
    meta: Record<string, string>
    canonicalUrl: string | null
    savedFromUrl: string | null
  }
  warnings: IngestWarning[]
}

/** Where a field's value was read from, in words a manager understands ("发布时间 line", "signature", "title", "manifest"). */
export type FieldSource = string

export interface ReadField<T> {
  value: T | null
  source: FieldSource | null
  /** 0..1 */
  confidence: number
}

export type AdministrativeLevel = 'province' | 'city' | 'county' | 'township' | 'department'

export interface ReadMetadata {
  title: ReadField<string>
  issuer: ReadField<string>
  /** YYYY-MM-DD */
  published: ReadField<string>
  /** YYYY-MM-DD */
  signed: ReadField<string>
  reportYear: ReadField<number>
  province: ReadField<string>
  city: ReadField<string>
  county: ReadField<string>
  township: ReadField<string>
  level: ReadField<AdministrativeLevel>
  sourceUrl: ReadField<string>
  warnings: IngestWarning[]
}

/** What the metadata half reads from. */
export interface MetadataInput {
  text: string
  body: { start: number; end: number } | null
  page?: ExtractedFile['page']
  fileName: string
  /** A crawler's manifest.csv row for this file (column → value); its values win over extraction. */
  manifest?: Record<string, string>
}

/**
 * Why a file cannot be read at all (it gets no ExtractedFile): `code` is stable, `key` is the message key
 * `ingest.<code>`, `message` an English sentence a manager understands, `values` fill the translation.
 */
export interface IngestProblem {
  code: string
  key: string
  message: string
  values?: Record<string, string | number>
}

export type ExtractionResult = { ok: true; file: ExtractedFile } | { ok: false; problem: IngestProblem }
