// The file import's API shapes (issue 11): batches, staged files, their fields and the manager's
// corrections. Field names are the snake_case of the document metadata (lib/schemas/documents.ts).
import { z } from 'zod'
import { idSchema, offsetSchema, page, pageQuery, storable, versionSchema } from './common'

const isoDate = z.iso.date('must be a date as YYYY-MM-DD')
const shortText = (max: number) => storable(z.string().trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`))

export const levelValues = ['province', 'city', 'county', 'township', 'department'] as const

/** What a manager may set on a staged file before import; null clears a value read from the file. */
export const stagedFieldsSchema = z
  .object({
    title: shortText(300).nullish(),
    issuer: shortText(200).nullish(),
    published: isoDate.nullish(),
    signed: isoDate.nullish(),
    report_year: z.number().int('must be a whole year').min(1949, 'must be 1949 or later').max(2100, 'must be 2100 or earlier').nullish(),
    province: shortText(50).nullish(),
    city: shortText(50).nullish(),
    county: shortText(50).nullish(),
    township: shortText(50).nullish(),
    level: z.enum(levelValues, { error: `must be one of ${levelValues.join(', ')}` }).nullish(),
    source_url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000).nullish(),
  })
  .strict()
  .meta({ id: 'StagedFields' })

export type StagedFields = z.infer<typeof stagedFieldsSchema>
export type StagedFieldName = keyof StagedFields
export const stagedFieldNames = Object.keys(stagedFieldsSchema.shape) as StagedFieldName[]

export const batchParams = z.object({ batchId: idSchema })
export const stagedFileParams = z.object({ stagedFileId: idSchema })

export const createBatchSchema = z.object({}).strict().meta({ id: 'CreateImportBatch' })

export const uploadQuery = z.object({
  path: storable(
    z
      .string()
      .trim()
      .min(1, 'must name the file')
      .max(500, 'must be 500 characters or fewer')
      .refine((p) => !p.split(/[\\/]/).includes('..') && !/^([a-zA-Z]:)?[\\/]/.test(p), 'must be a relative path inside the upload (no "..", not absolute)'),
  ).describe('The file’s path as the manager dropped it (folder/name.html); a zip is unpacked into its entries, manifest.csv fills metadata columns'),
})

const problemSchema = z.object({ code: z.string(), message: z.string(), key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() })

const countsSchema = z.object({
  queued: z.number().int(),
  staged: z.number().int(),
  refused: z.number().int(),
  committed: z.number().int(),
  withWarnings: z.number().int(),
  duplicates: z.number().int(),
})

export const batchSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    createdAt: z.iso.datetime(),
    createdByName: z.string(),
    hasManifest: z.boolean(),
    commit: z
      .object({ state: z.enum(['queued', 'done', 'failed']), problem: problemSchema.nullable() })
      .nullable()
      .describe('The last import asked for: queued (its job has not finished), done, or failed with the reason (nothing was imported then)'),
    files: z.number().int().describe('Files to read or read (archives count as their entries)'),
    counts: countsSchema,
  })
  .meta({ id: 'ImportBatch' })
export type BatchView = z.infer<typeof batchSchema>

export const batchListSchema = z.object({ items: z.array(batchSchema) }).meta({ id: 'ImportBatchList' })

export const uploadResultSchema = z
  .object({ id: z.string(), path: z.string(), kind: z.enum(['file', 'archive', 'manifest']), rows: z.number().int().describe('Manifest rows read, for a manifest') })
  .meta({ id: 'ImportUpload' })

const fieldSchema = z.object({
  value: z.union([z.string(), z.number()]).nullable(),
  source: z.string().nullable().describe('Where the value was read: "发布时间 line", "signature", "manifest", "edited"…'),
  confidence: z.number(),
  edited: z.boolean(),
})

const warningSchema = z.object({ code: z.string(), message: z.string(), key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).optional(), field: z.string().optional() })

export const stagedRowSchema = z
  .object({
    id: z.string(),
    path: z.string(),
    status: z.enum(['queued', 'staged', 'refused', 'unpacked', 'committed']),
    size: z.number().int(),
    format: z.string().nullable(),
    encoding: z.string().nullable(),
    encodingSource: z.string().nullable(),
    bodyLength: z.number().int().nullable(),
    fields: z.record(z.string(), fieldSchema),
    warnings: z.array(warningSchema),
    problem: problemSchema.nullable(),
    duplicateOf: z.object({ id: z.string(), title: z.string() }).nullable().describe('A document of the project with the same body: importing is refused'),
    nearDuplicateOf: z.object({ id: z.string(), title: z.string(), share: z.number() }).nullable().describe('A document that holds most of its sentences'),
    documentId: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'StagedFile' })
export type StagedRow = z.infer<typeof stagedRowSchema>

export const stagedDetailSchema = stagedRowSchema
  .extend({
    text: z.string().nullable().describe('The whole text read from the file, page chrome included (never HTML)'),
    bodyStart: z.number().int().nullable(),
    bodyEnd: z.number().int().nullable(),
  })
  .meta({ id: 'StagedFileDetail' })
export type StagedDetail = z.infer<typeof stagedDetailSchema>

export const stagedListQuery = z.object({
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1, 'must be 1 or more').max(200, 'must be 200 or less').default(50),
  show: z.enum(['all', 'warnings', 'duplicates', 'refused', 'ready']).default('all').describe('ready: staged with no warning'),
})
export const stagedPageSchema = page(stagedRowSchema).meta({ id: 'StagedFilePage' })

export const patchStagedSchema = z
  .object({
    version: versionSchema,
    fields: stagedFieldsSchema.optional(),
    body: z
      .object({ start: offsetSchema, end: offsetSchema })
      .refine((b) => b.end > b.start, { message: 'end must be after start', path: ['end'] })
      .optional()
      .describe('The report body in the text, in code points, end exclusive'),
  })
  .strict()
  .refine((v) => v.body !== undefined || (v.fields && Object.keys(v.fields).length > 0), { message: 'send fields or a body', path: ['fields'] })
  .meta({ id: 'PatchStagedFile' })

export const bulkEditSchema = z
  .object({
    ids: z.array(idSchema).min(1, 'select at least one file').max(5000, 'at most 5,000 files at once'),
    fields: stagedFieldsSchema.refine((f) => Object.keys(f).length > 0, 'set at least one field'),
  })
  .strict()
  .meta({ id: 'BulkEditStagedFiles' })
export const bulkEditResultSchema = z.object({ updated: z.number().int() }).meta({ id: 'BulkEditResult' })

export const commitSchema = z
  .object({
    ids: z.array(idSchema).max(20000, 'at most 20,000 files at once').optional().describe('The staged files to import; omit for every staged file'),
    withoutWarnings: z.boolean().default(false).describe('Import only files with no warning'),
  })
  .strict()
  .meta({ id: 'CommitImport' })

export const commitResultSchema = z
  .object({ queued: z.number().int().describe('Files handed to the import job'), jobId: z.string().nullable() })
  .meta({ id: 'CommitImportResult' })
