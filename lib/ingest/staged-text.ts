// What a staged file holds between reading and import, and how its stored pieces combine: the
// fields read (with source and confidence), the manager's edits over them, and the body cut from
// the text. Pure; lib/services/ingest.ts and lib/ingest/jobs.ts store and load them.
import path from 'node:path'
import { CodePointIndex } from '../text/codepoints'
import { stagedFieldNames, stagedFieldsSchema, type StagedFieldName, type StagedFields } from '../schemas/ingest'
import type { ReadField, ReadMetadata } from './types'

export type StoredField = { value: string | number | null; source: string | null; confidence: number }
/** StagedFile.read: every field as read from the file. */
export type ReadFields = Partial<Record<StagedFieldName, StoredField>>
/** ImportBatch.manifest: a manifest row (column → value) by the path or base name it names. */
export type ManifestRows = Record<string, Record<string, string>>

const fromRead: Record<StagedFieldName, keyof Omit<ReadMetadata, 'warnings'>> = {
  title: 'title',
  issuer: 'issuer',
  published: 'published',
  signed: 'signed',
  report_year: 'reportYear',
  province: 'province',
  city: 'city',
  county: 'county',
  township: 'township',
  level: 'level',
  source_url: 'sourceUrl',
}

export function readFieldsOf(meta: ReadMetadata): ReadFields {
  const out: ReadFields = {}
  for (const name of stagedFieldNames) {
    const field = meta[fromRead[name]] as ReadField<string | number> | undefined
    if (field) out[name] = { value: field.value ?? null, source: field.source ?? null, confidence: field.confidence }
  }
  return out
}

/** The fields as the staging table shows them: an edit wins and says so. */
export function fieldViews(read: ReadFields | null, edits: StagedFields) {
  const views: Record<string, StoredField & { edited: boolean }> = {}
  for (const name of stagedFieldNames) {
    if (name in edits) views[name] = { value: (edits[name] as string | number | null | undefined) ?? null, source: 'edited', confidence: 1, edited: true }
    else {
      const r = read?.[name]
      views[name] = { value: r?.value ?? null, source: r?.source ?? null, confidence: r?.confidence ?? 0, edited: false }
    }
  }
  return views
}

/**
 * The values a document is made with: edits over what was read, each checked by the same schema as
 * an edit (a value read that does not pass is left empty rather than stored wrong), and a title
 * from the file name when none was found.
 */
export function effectiveFields(read: ReadFields | null, edits: StagedFields, filePath: string): StagedFields & { title: string } {
  const values: Record<string, unknown> = {}
  for (const name of stagedFieldNames) {
    const value = name in edits ? edits[name] : read?.[name]?.value
    if (value === null || value === undefined) continue
    const one = stagedFieldsSchema.shape[name].safeParse(value)
    if (one.success && one.data !== null && one.data !== undefined) values[name] = one.data
  }
  const title = (values.title as string | undefined) ?? path.posix.basename(filePath.replace(/\\/g, '/')).replace(/\.[^.]+$/, '')
  return { ...(values as StagedFields), title: title.slice(0, 300) }
}

/** The body as it will be stored: code points [start, end) of the text, whitespace at both ends trimmed. */
export function bodyTextOf(text: string, start: number, end: number): string {
  // As Array.from(text).slice(start, end), without an array of every character of the text.
  const index = new CodePointIndex(text)
  const from = Math.min(Math.max(start, 0), index.length)
  const to = Math.min(Math.max(end, 0), index.length)
  return to > from ? index.slice(from, to).trim() : ''
}

/** A zip that is not a .docx: an archive to unpack into staged files of its own. */
export function sniffArchive(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false
  // A .docx names word/document.xml (or [Content_Types].xml) among its first entries.
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1')
  return !head.includes('word/') && !head.includes('[Content_Types].xml')
}

/** The manifest row for a staged file: by its path, else by its base name. */
export function manifestRowFor(manifest: ManifestRows | null, filePath: string): Record<string, string> | undefined {
  if (!manifest) return undefined
  const normal = filePath.replace(/\\/g, '/')
  return manifest[normal] ?? manifest[path.posix.basename(normal)] ?? Object.entries(manifest).find(([key]) => normal.endsWith(`/${key}`))?.[1]
}
