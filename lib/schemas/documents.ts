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

/** What a manager may correct after import: the metadata, not the text (a corrected text is a new document). */
const editableMeta = documentMetaSchema.omit({ original_file_name: true })
export const editableMetaFields = Object.keys(editableMeta.shape) as (keyof DocumentMeta)[]

export const updateDocumentSchema = z
  .object({
    title: shortText(300).optional(),
    meta: editableMeta.partial().optional().describe('Only the fields sent change; null clears a field'),
  })
  .strict()
  .refine((v) => v.title !== undefined || (v.meta && Object.keys(v.meta).length > 0), { message: 'send a new title or at least one metadata field', path: ['meta'] })
  .meta({ id: 'UpdateDocument' })

export type UpdateDocumentInput = z.infer<typeof updateDocumentSchema>

export const documentEventSchema = z
  .object({
    id: z.string(),
    action: z.enum(['edited', 'archived', 'restored']),
    actorId: z.string(),
    actorName: z.string(),
    before: z.record(z.string(), z.unknown()).nullable().describe('The fields that changed, as they were (title and meta fields, snake_case)'),
    after: z.record(z.string(), z.unknown()).nullable().describe('The same fields as they became'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'DocumentEvent' })

export const documentEventListSchema = z.object({ items: z.array(documentEventSchema) }).meta({ id: 'DocumentEventList' })

export const deleteDocumentResultSchema = z.object({ deleted: z.literal(true), id: z.string() }).meta({ id: 'DeletedDocument' })

export const documentListQuery = z.object({
  ...pageQuery,
  province: storable(z.string()).trim().max(50).optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  q: storable(z.string()).trim().max(200).optional().describe('Words in the title'),
  archived: z.enum(['exclude', 'only']).default('exclude').describe('Archived documents are left out unless asked for (only)'),
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
    archivedAt: z.iso.datetime().nullable().describe('When the document was archived (hidden from lists, the review queue and exports); null when it is not'),
    tagCount: z.number().int().describe('Tags you may see (your own only, for an annotator in blind mode)'),
    tagsByTopLabel: z.record(z.string(), z.number().int()).describe('Visible tags per top-level label id'),
    myState: z.enum(AssignmentState).nullable().describe('Your own work state on the document'),
  })
  .meta({ id: 'DocumentSummary' })

export const documentSchema = documentSummarySchema.extend({ text: z.string() }).meta({ id: 'Document' })

export const documentPageSchema = page(documentSummarySchema).meta({ id: 'DocumentPage' })

export const documentParams = z.object({ documentId: idSchema })
