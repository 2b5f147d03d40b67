// One line of Tagbench's own jsonl export (lib/export/formats/jsonl.ts), read back for an import:
// the schema, and the checks a schema cannot make (the SHA-256 of the text, each span against the
// text in code points). Every problem names its line and field, e.g. "line 12: spans.3.start: …".
import { z } from 'zod'
import { createDocumentSchema, documentMetaSchema } from '../schemas/documents'
import { tagStatusSchema } from '../schemas/exports'
import { offsetSchema, storable } from '../schemas/common'
import { sha256 } from '../services/documents'
import { TagSource } from '../generated/prisma/enums'

const tagSources = Object.values(TagSource)

const labelName = storable(z.string()).min(1, 'must not be empty').max(200, 'must be 200 characters or fewer')
const offset = offsetSchema
const email = storable(z.string()).trim().min(1, 'must not be empty').max(320, 'is too long')

export const corpusSpanSchema = z
  .object({
    /** The tag's id in the exporting project: kept in the history of the imported tag only. */
    id: storable(z.string()).max(200, 'is too long'),
    start: offset,
    end: offset,
    text: storable(z.string()).min(1, 'must not be empty'),
    label: storable(z.string()),
    label_path: z.array(labelName).min(1, 'must name at least one label').max(20, 'is deeper than 20 levels'),
    status: z.enum(tagStatusSchema.options, { error: `must be one of ${tagStatusSchema.options.join(', ')}` }),
    annotator: email,
    reviewer: email.nullable(),
    source: z.enum(tagSources, { error: `must be one of ${tagSources.join(', ')}` }),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'must be greater than start (offsets count code points, end exclusive)', path: ['end'] })
  .refine((s) => s.label === s.label_path.join('/'), { message: 'must be label_path joined with "/"', path: ['label'] })

export const corpusLineSchema = z
  .object({
    id: storable(z.string()).max(200, 'is too long'),
    title: createDocumentSchema.shape.title,
    text: createDocumentSchema.shape.text,
    // The export writes every key (null when unknown); a missing key reads as null.
    meta: documentMetaSchema.omit({ original_file_name: true }),
    text_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
    spans: z.array(corpusSpanSchema).max(200_000, 'holds more than 200,000 spans'),
  })
  .strict()

export type CorpusLine = z.infer<typeof corpusLineSchema>
export type CorpusSpan = z.infer<typeof corpusSpanSchema>

/** One label of manifest.json's taxonomy; everything but the path may be missing (then derived). */
export const manifestLabelSchema = z.object({
  path: z.array(labelName).min(1, 'must name at least one label').max(20, 'is deeper than 20 levels'),
  name: labelName.optional(),
  en: storable(z.string()).max(200, 'must be 200 characters or fewer').optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb').optional(),
  shortcut: storable(z.string()).min(1, 'must not be empty').max(8, 'must be 8 characters or fewer').nullish(),
  guideline: storable(z.string()).max(20_000, 'must be 20,000 characters or fewer').optional(),
  keywords: z.array(storable(z.string()).max(200, 'must be 200 characters or fewer')).max(1000, 'are more than 1,000').optional(),
  archived: z.boolean().optional(),
})

export type ManifestLabel = z.infer<typeof manifestLabelSchema>

/** The parts of an export's manifest.json an import reads; other keys pass unread. */
export const manifestSchema = z.object({
  format: z.string().optional(),
  taxonomy: z
    .object({
      labels: z
        .array(manifestLabelSchema.refine((l) => l.name === undefined || l.name === l.path.at(-1), { message: 'must be the last name of path', path: ['name'] }))
        .max(10_000, 'are more than 10,000'),
    })
    .optional(),
  files: z.array(z.object({ name: z.string(), sha256: z.string().optional() })).optional(),
})

export type Manifest = z.infer<typeof manifestSchema>

export interface Issue {
  /** Where, then the field: "line 12: spans.3.start" (or "train.jsonl line 12: …" in a split export). */
  path: string
  message: string
}

export interface CheckedLine {
  line: CorpusLine
  /** The text split into code points, the unit of every offset. */
  chars: string[]
}

const clip = (s: string, max = 40) => {
  const chars = [...s]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`)
/** Plain words for a wrong or missing value (the schemas' own messages take precedence). */
const typeMessage = (issue: { code?: string; input?: unknown; expected?: string }) =>
  issue.code === 'invalid_type' ? (issue.input === undefined ? 'is missing' : `must be ${article(issue.expected ?? 'value')}, not ${issue.input === null ? 'null' : Array.isArray(issue.input) ? 'an array' : article(typeof issue.input)}`) : undefined

/** Parses and checks one line; `where` is "line 12" or "train.jsonl line 12". */
export function checkLine(raw: string, where: string): { ok: true; value: CheckedLine } | { ok: false; issues: Issue[] } {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (error) {
    return { ok: false, issues: [{ path: where, message: `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})` }] }
  }
  const parsed = corpusLineSchema.safeParse(json, { error: typeMessage })
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: i.path.length ? `${where}: ${i.path.map(String).join('.')}` : where,
        message: i.code === 'unrecognized_keys' ? `has keys the export does not write: ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message,
      })),
    }
  }
  const line = parsed.data
  const issues: Issue[] = []
  if (sha256(line.text) !== line.text_sha256) {
    issues.push({ path: `${where}: text_sha256`, message: 'is not the SHA-256 of the text: the text was changed after export' })
  }
  const chars = Array.from(line.text)
  line.spans.forEach((span, i) => {
    if (span.end > chars.length) {
      issues.push({ path: `${where}: spans.${i}.end`, message: `is ${span.end}, past the end of the text (${chars.length} code points)` })
      return
    }
    const actual = chars.slice(span.start, span.end).join('')
    if (actual !== span.text) {
      issues.push({
        path: `${where}: spans.${i}.text`,
        message: `is "${clip(span.text)}", but the text at [${span.start}, ${span.end}) is "${clip(actual)}" (offsets count Unicode code points, end exclusive)`,
      })
    }
  })
  return issues.length ? { ok: false, issues } : { ok: true, value: { line, chars } }
}
