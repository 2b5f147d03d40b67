import { z } from 'zod'
import { exportFormats, exportLayers } from '../export/types'
import { idSchema, storable } from './common'
import { ExportStatus, ProjectRole, TagStatus } from '../generated/prisma/enums'

const isoDate = z.iso.date('must be a date as YYYY-MM-DD')
export const tagStatusSchema = z.enum(TagStatus)
const name = storable(z.string()).trim().min(1, 'must not be empty').max(500, 'must be 500 characters or fewer')

export const splitSchema = z
  .object({
    ratios: z
      .tuple([z.number().min(0, 'must be 0 or more'), z.number().min(0, 'must be 0 or more'), z.number().min(0, 'must be 0 or more')])
      .refine((r) => r[0] + r[1] + r[2] > 0, 'must not all be 0')
      .describe('train, dev, test; normalised, e.g. [0.8, 0.1, 0.1] or [8, 1, 1]'),
    seed: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(2 ** 31 - 1, 'must be below 2^31').default(42),
  })
  .strict()
  .meta({ id: 'ExportSplit' })

const filtersShape = {
  status: z
    .array(tagStatusSchema)
    .min(1, 'must name at least one status')
    .default(['approved'])
    .transform((s) => [...new Set(s)])
    .describe('Tag statuses to include; deleted tags are never exported'),
  labels: z.array(name).max(1000).optional().describe('Label ids or full paths ("三项制度/执法全过程记录制度"); a label brings its sub-labels'),
  documents: z
    .object({
      ids: z.array(idSchema).max(100_000).optional(),
      provinces: z.array(name).max(100).optional(),
      years: z.array(z.number().int().min(1949).max(2100)).max(200).optional(),
      issuers: z.array(name).max(1000).optional(),
    })
    .strict()
    .optional()
    .describe('Which documents, by id or metadata; each list is "any of", the lists combine with "and"'),
  annotators: z.array(name).max(1000).optional().describe('User ids or emails of the tag authors'),
  from: isoDate.optional().describe('Tags created on or after this day (UTC)'),
  to: isoDate.optional().describe('Tags created on or before this day (UTC)'),
  includeUntagged: z.boolean().default(false).describe('Also write selected documents that hold no selected tag'),
}

const datesInOrder: [(f: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (f) => !f.from || !f.to || f.from <= f.to,
  { message: '"from" must not be after "to"', path: ['to'] },
]

/** What an export selects. */
export const exportFiltersSchema = z.object(filtersShape).strict().refine(...datesInOrder).meta({ id: 'ExportFilters' })

const layerField = z
  .enum(exportLayers)
  .default('tags')
  .describe('tags: the annotators\' tags of the selected statuses; gold: a curated document\'s gold (curated) tags instead, and the selected tags of documents not curated')

const taxonomyVersionField = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .optional()
  .describe('Write labels, paths and each tag\'s label as they were at this taxonomy version (1 to the project\'s current one); tags on labels made later are left out. Default: the current version')

/** The body of the preview: the selection, and the layer and taxonomy version the export would write, so the counts are those of the file. */
export const exportPreviewRequestSchema = z
  .object({ ...filtersShape, layer: layerField, taxonomyVersion: taxonomyVersionField })
  .strict()
  .refine(...datesInOrder)
  .meta({ id: 'ExportPreviewRequest' })

export const exportRequestSchema = z
  .object({
    ...filtersShape,
    format: z.enum(exportFormats, { error: `must be one of ${exportFormats.join(', ')}` }),
    split: splitSchema.optional(),
    conllLayers: z.enum(['per_top_label', 'single']).default('per_top_label').describe('CoNLL only: one BIO column per top-level label, or a single column'),
    layer: layerField,
    taxonomyVersion: taxonomyVersionField,
  })
  .strict()
  .refine(...datesInOrder)
  .meta({ id: 'ExportRequest' })

export type ExportRequest = z.output<typeof exportRequestSchema>
export type ExportFilters = z.output<typeof exportFiltersSchema>
export type ExportPreviewRequest = z.output<typeof exportPreviewRequestSchema>

export const exportParams = z.object({ exportId: idSchema })

export const exportPreviewSchema = z
  .object({
    documents: z.number().int(),
    spans: z.number().int(),
    perLabel: z.array(z.object({ label: z.string(), color: z.string(), spans: z.number().int() })),
    perStatus: z.record(z.string(), z.number().int()).describe('Spans per status; "gold" for the gold layer\'s curated spans'),
    leftOut: z.number().int().describe('Selected tags left out because their label did not exist yet at the taxonomy version asked for (0 for the current version)'),
  })
  .meta({ id: 'ExportPreview' })

export const exportStatusSchema = z.enum(ExportStatus)

export const exportSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    format: z.enum(exportFormats),
    status: exportStatusSchema,
    progress: z.number().int().describe('Documents written so far'),
    total: z.number().int().nullable().describe('Documents the export holds, once it has started'),
    documents: z.number().int().nullable(),
    spans: z.number().int().nullable(),
    request: z.record(z.string(), z.unknown()),
    manifest: z.record(z.string(), z.unknown()).nullable().describe('manifest.json, once done'),
    fileName: z.string().nullable(),
    fileBytes: z.number().int().nullable(),
    fileSha256: z.string().nullable(),
    error: z.string().nullable(),
    createdBy: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    downloadUrl: z.string().nullable(),
    cancelRequested: z.boolean().describe('Someone cancelled it while it ran; it stops and disappears shortly'),
  })
  .meta({ id: 'Export' })

export const deleteExportResultSchema = z
  .object({ outcome: z.enum(['deleted', 'cancelling']).describe('"cancelling": it was running and stops at its next batch, then disappears') })
  .meta({ id: 'DeleteExportResult' })

export const exportListSchema = z.object({ items: z.array(exportSchema.omit({ manifest: true })) }).meta({ id: 'ExportList' })

/** An export as the list shows it (without its manifest). */
export type ExportSummary = z.output<typeof exportListSchema>['items'][number]
export type ExportPreview = z.output<typeof exportPreviewSchema>

export const exportRoleSchema = z.enum(ProjectRole)
