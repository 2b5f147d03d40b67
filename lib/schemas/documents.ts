import { z } from 'zod'
import { idSchema, page, pageQuery, storable } from './common'
import { AssignmentState } from '../generated/prisma/enums'

const isoDate = z.iso.date('must be a date as YYYY-MM-DD')
// Postgres text cannot hold NUL, and a lone surrogate cannot be stored as UTF-8: storable() refuses
// both here so they get a 400, not a database error.
const storableText = storable
const shortText = (max: number) => storableText(z.string().trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`))

/** Report metadata, in the snake_case the exports use. Every field may be null: reports often omit them. */
export const documentMetaSchema = z
  .object({
    province: shortText(50).nullish(),
    city: shortText(50).nullish(),
    county: shortText(50).nullish(),
    level: shortText(50).nullish(),
    report_year: z.number().int('must be a whole year').min(1949, 'must be 1949 or later').max(2100, 'must be 2100 or earlier').nullish(),
    issuer: shortText(200).nullish(),
    published: isoDate.nullish(),
    signed: isoDate.nullish(),
    source_url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000).nullish(),
    original_file_name: shortText(255).nullish(),
  })
  .strict()
  .meta({ id: 'DocumentMeta' })

export type DocumentMeta = z.infer<typeof documentMetaSchema>

export const createDocumentSchema = z
  .object({
    title: shortText(300),
    text: storableText(z.string().min(1, 'must not be empty').max(5_000_000, 'must be at most 5,000,000 characters')),
    meta: documentMetaSchema.default({}),
  })
  .strict()
  .meta({ id: 'CreateDocument' })

export type CreateDocumentInput = z.infer<typeof createDocumentSchema>

export const documentListQuery = z.object({
  ...pageQuery,
  province: storable(z.string()).trim().max(50).optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  q: storable(z.string()).trim().max(200).optional().describe('Words in the title'),
})

export type DocumentListQuery = z.infer<typeof documentListQuery>

export const documentSummarySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    title: z.string(),
    length: z.number().int().describe('Length of the text in Unicode code points'),
    textSha256: z.string(),
    meta: documentMetaSchema,
    importedAt: z.iso.datetime(),
    tagCount: z.number().int().describe('Tags you may see (your own only, for an annotator in blind mode)'),
    tagsByTopLabel: z.record(z.string(), z.number().int()).describe('Visible tags per top-level label id'),
    myState: z.enum(AssignmentState).nullable().describe('Your own work state on the document'),
  })
  .meta({ id: 'DocumentSummary' })

export const documentSchema = documentSummarySchema.extend({ text: z.string() }).meta({ id: 'Document' })

export const documentPageSchema = page(documentSummarySchema).meta({ id: 'DocumentPage' })

export const documentParams = z.object({ documentId: idSchema })
