// The labelled demo set (docs/decisions/0029-labelled-demo-set.md): the five demo reports tagged
// sentence by sentence, stored by quote rather than by offset, so that a change to the reading
// (extraction, normalisation) moves no tag silently: a quote that is no longer in the text is an
// error the validation test and the seed name, not a shifted span.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { CodePointIndex } from '../lib/text/codepoints'

export const labelledDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus', 'labelled')

const entrySchema = z
  .object({
    /** The tagged text, exactly as it stands in the seeded document's text. */
    quote: z.string().min(1),
    /** Which occurrence of the quote in the document text (1 = the first). */
    occurrence: z.number().int().min(1),
    /** Top label, or top label and leaf, joined with "/" as exports write them. */
    label_path: z.string().regex(/^[^/]+(\/[^/]+)?$/, 'must be "top label" or "top label/leaf label"'),
  })
  .strict()

export const labelledReportSchema = z
  .object({
    /** The demo report's file name (seeds/corpus/reports/…, Document.originalFileName). */
    report: z.string().regex(/\.txt$/),
    tags: z.array(entrySchema),
  })
  .strict()

export type LabelledReport = z.infer<typeof labelledReportSchema>
export type LabelledEntry = LabelledReport['tags'][number]

/** Every labelled report, in file-name order; a file that does not parse is refused with its name. */
export async function readLabelledSet(dir = labelledDir): Promise<LabelledReport[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const reports: LabelledReport[] = []
  for (const file of files) {
    const parsed = labelledReportSchema.safeParse(JSON.parse(await readFile(path.join(dir, file), 'utf8')))
    if (!parsed.success) throw new Error(`The labelled set ${file} is not valid: ${z.prettifyError(parsed.error)}`)
    if (parsed.data.report.replace(/\.txt$/, '.json') !== file) throw new Error(`The labelled set ${file} names another report (${parsed.data.report}).`)
    reports.push(parsed.data)
  }
  return reports
}

/**
 * The code-point span of the quote's n-th occurrence (1-based) in the text, or null when the text
 * has fewer occurrences. Occurrences are counted from every position, so overlapping ones count.
 */
export function locateQuote(text: string | CodePointIndex, quote: string, occurrence: number): { start: number; end: number } | null {
  const index = typeof text === 'string' ? new CodePointIndex(text) : text
  let at = -1
  for (let n = 0; n < occurrence; n++) {
    at = index.text.indexOf(quote, at + 1)
    if (at < 0) return null
  }
  const start = index.toCodePoint(at)
  return { start, end: start + Array.from(quote).length }
}
