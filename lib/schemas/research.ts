// The research views' inputs and answers (issue 15; docs/decisions/0030). Every view takes the same
// filters as query parameters, so a view's URL can be shared and a script can ask for the same rows.
import { z } from 'zod'
import { TagStatus } from '../generated/prisma/enums'
import { idSchema, storable } from './common'

const statuses = Object.values(TagStatus) as [TagStatus, ...TagStatus[]]

/** A comma-separated list in one query parameter (the query string keeps one value per key). */
const statusList = z
  .string()
  .trim()
  .transform((value) => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(statuses, { error: `must be a comma-separated list of ${statuses.join(', ')}` })).min(1, 'must name at least one status'))

const year = z.coerce.number({ error: 'must be a year' }).int('must be a whole year').min(1949, 'must be 1949 or later').max(2100, 'must be 2100 or earlier')
const place = storable(z.string()).trim().min(1, 'must not be empty').max(100, 'must be 100 characters or fewer')

export const researchFilterFields = {
  status: statusList.default(['approved']).describe('Tag statuses, comma-separated (default: approved)'),
  labelId: idSchema.optional().describe('A label; its sub-labels are included'),
  province: place.optional().describe("The document's province, as import wrote it (e.g. 山西省)"),
  city: place.optional().describe("The document's city (prefecture)"),
  level: place.optional().describe("The document's administrative level (e.g. 地级市)"),
  yearFrom: year.optional().describe('Report years from this one (inclusive)'),
  yearTo: year.optional().describe('Report years up to this one (inclusive)'),
}

const yearsInOrder = (v: { yearFrom?: number; yearTo?: number }) => v.yearFrom === undefined || v.yearTo === undefined || v.yearFrom <= v.yearTo
const yearsMessage = { message: 'yearFrom must not be after yearTo', path: ['yearTo'] }

export const researchFilterSchema = z.object(researchFilterFields).refine(yearsInOrder, yearsMessage)
export type ResearchFilter = z.output<typeof researchFilterSchema>

export const distributionDimensions = ['label', 'province', 'city', 'year'] as const
export type DistributionDimension = (typeof distributionDimensions)[number]

export const distributionQuery = z
  .object({
    ...researchFilterFields,
    groupBy: z
      .string()
      .trim()
      .default('label,province,year')
      .transform((value) => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))])
      .pipe(z.array(z.enum(distributionDimensions, { error: `must be a comma-separated list of ${distributionDimensions.join(', ')}` })))
      .describe('What the rows are per, comma-separated from label, province, city, year (default label,province,year; empty: one row for everything)'),
    labelLevel: z.enum(['label', 'top']).default('label').describe('With groupBy label: each label (label), or each top-level label with its sub-labels (top)'),
  })
  .refine(yearsInOrder, yearsMessage)
export type DistributionQuery = z.output<typeof distributionQuery>

export const distributionRowSchema = z
  .object({
    labelId: z.string().nullable().describe('With groupBy label; null otherwise'),
    province: z.string().nullable(),
    city: z.string().nullable(),
    year: z.number().int().nullable(),
    tags: z.number().int().describe('Tags of the filter in the group'),
    reportsWithLabel: z.number().int().describe('Reports of the group with at least one of those tags'),
    reports: z.number().int().describe("Reports of the group (the documents the region and year filters select, whatever their tags)"),
    characters: z.number().int().describe("Characters (code points) of the group's reports"),
    perTenThousand: z.number().nullable().describe('tags × 10,000 / characters; null without characters'),
    share: z.number().nullable().describe('reportsWithLabel / reports, from 0 to 1; null without reports'),
  })
  .meta({ id: 'DistributionRow' })
export type DistributionRow = z.output<typeof distributionRowSchema>

export const distributionSchema = z
  .object({
    groupBy: z.array(z.enum(distributionDimensions)),
    labelLevel: z.enum(['label', 'top']),
    labels: z.array(z.object({ id: z.string(), name: z.string(), path: z.string(), color: z.string(), parentId: z.string().nullable() })).describe('The labels the rows name'),
    rows: z.array(distributionRowSchema),
    totals: z.object({ tags: z.number().int(), reports: z.number().int(), characters: z.number().int() }),
  })
  .meta({ id: 'Distribution' })
export type Distribution = z.output<typeof distributionSchema>

export const concordanceSorts = ['document', 'left', 'right', 'region', 'year', 'label'] as const
export type ConcordanceSort = (typeof concordanceSorts)[number]

export const concordanceQuery = z
  .object({
    ...researchFilterFields,
    q: storable(z.string()).trim().max(200, 'must be 200 characters or fewer').optional().describe('Only passages containing this text (case-insensitive)'),
    width: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').max(500, 'must be 500 or less').default(40).describe('Context characters (code points) each side'),
    sort: z.enum(concordanceSorts).default('document').describe('left: by the left context read backwards from the passage; right: by the right context'),
    page: z.coerce.number().int().min(1, 'must be 1 or more').max(1_000_000, 'is too far').default(1),
    pageSize: z.coerce.number().int().min(1, 'must be 1 or more').max(500, 'must be 500 or less').default(100),
  })
  .refine(yearsInOrder, yearsMessage)
export type ConcordanceQuery = z.output<typeof concordanceQuery>

export const concordanceLineSchema = z
  .object({
    tagId: z.string(),
    documentId: z.string(),
    title: z.string(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    year: z.number().int().nullable(),
    labelId: z.string(),
    labelPath: z.string(),
    status: z.enum(statuses),
    start: z.number().int(),
    end: z.number().int(),
    left: z.string().describe('Up to `width` code points before the passage'),
    quote: z.string(),
    right: z.string().describe('Up to `width` code points after the passage'),
  })
  .meta({ id: 'ConcordanceLine' })
export type ConcordanceLine = z.output<typeof concordanceLineSchema>

export const concordanceSchema = z
  .object({ items: z.array(concordanceLineSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'Concordance' })

export const concordanceDownloadQuery = z
  .object({
    ...researchFilterFields,
    q: concordanceQuery.shape.q,
    width: concordanceQuery.shape.width,
    sort: concordanceQuery.shape.sort,
    format: z.enum(['csv', 'xlsx']).default('csv'),
  })
  .refine(yearsInOrder, yearsMessage)
export type ConcordanceDownloadQuery = z.output<typeof concordanceDownloadQuery>

// A region over the years and the comparison of two groups (issue 15, views 3 and 4; docs/decisions/0032).
const regionFields = {
  status: researchFilterFields.status,
  labelId: researchFilterFields.labelId,
  province: place.describe("The region's province, as import wrote it"),
  city: researchFilterFields.city,
  level: researchFilterFields.level,
  yearFrom: researchFilterFields.yearFrom,
  yearTo: researchFilterFields.yearTo,
  labelLevel: z.enum(['label', 'top']).default('label').describe('Each label (label), or each top-level label with its sub-labels (top)'),
}

export const regionQuery = z.object(regionFields).refine(yearsInOrder, yearsMessage)
export type RegionQuery = z.output<typeof regionQuery>

const reuseSummarySchema = z.object({
  sentences: z.number().int(),
  previousSentences: z.number().int(),
  identical: z.number().int(),
  reworded: z.number().int(),
  added: z.number().int(),
  dropped: z.number().int(),
  identicalShare: z.number().nullable(),
  reuseShare: z.number().nullable().describe('(identical + reworded) / sentences'),
})

const regionReportSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  city: z.string().nullable(),
  level: z.string().nullable(),
  year: z.number().int().nullable(),
  length: z.number().int(),
  predecessor: z.object({ documentId: z.string(), title: z.string(), year: z.number().int() }).nullable().describe('The latest earlier report of the same province, city and level'),
  reuse: reuseSummarySchema.nullable().describe('Null without a predecessor'),
})

export const regionSchema = z
  .object({
    labels: distributionSchema.shape.labels,
    rows: z.array(distributionRowSchema).describe('Per label and year'),
    years: z.array(distributionRowSchema).describe('Per year, all labels of the filter'),
    reports: z.array(regionReportSchema),
    truncated: z.boolean().describe(`True when the region has more than ${500} reports (the first 500 are answered)`),
  })
  .meta({ id: 'ResearchRegion' })
export type ResearchRegion = z.output<typeof regionSchema>

export const reuseQuery = z.object({ documentId: idSchema.describe('The report to compare with its predecessor') })

const sentenceSchema = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })
export const reuseSchema = z
  .object({
    documentId: z.string(),
    predecessor: regionReportSchema.shape.predecessor,
    summary: reuseSummarySchema.nullable(),
    entries: z.array(
      z.object({
        kind: z.enum(['same', 'reworded', 'new', 'dropped']),
        current: sentenceSchema.optional(),
        previous: sentenceSchema.optional(),
        similarity: z.number().optional(),
        parts: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() })).optional().describe('Reworded: the character diff from the previous sentence'),
      }),
    ),
  })
  .meta({ id: 'ResearchReuse' })

const groupFields = (side: string) => ({
  province: researchFilterFields.province.describe(`Group ${side}: the reports' province`),
  city: researchFilterFields.city.describe(`Group ${side}: the reports' city`),
  level: researchFilterFields.level.describe(`Group ${side}: the reports' level`),
  yearFrom: researchFilterFields.yearFrom.describe(`Group ${side}: report years from this one`),
  yearTo: researchFilterFields.yearTo.describe(`Group ${side}: report years up to this one`),
})
const groupA = groupFields('a')
const groupB = groupFields('b')

export const compareMeasures = ['count', 'perTenThousand', 'share'] as const

/** Group A's and B's document filters as `a.province`, `b.yearFrom`, …: flat, so that a URL and a script write them the same way. */
export const compareQuery = z
  .object({
    status: researchFilterFields.status,
    labelId: researchFilterFields.labelId,
    labelLevel: regionFields.labelLevel,
    measure: z.enum(compareMeasures).default('perTenThousand').describe('The measure the rows are sorted by (the largest difference first)'),
    'a.province': groupA.province,
    'a.city': groupA.city,
    'a.level': groupA.level,
    'a.yearFrom': groupA.yearFrom,
    'a.yearTo': groupA.yearTo,
    'b.province': groupB.province,
    'b.city': groupB.city,
    'b.level': groupB.level,
    'b.yearFrom': groupB.yearFrom,
    'b.yearTo': groupB.yearTo,
  })
  .refine((v) => yearsInOrder({ yearFrom: v['a.yearFrom'], yearTo: v['a.yearTo'] }), { message: 'yearFrom must not be after yearTo', path: ['a.yearTo'] })
  .refine((v) => yearsInOrder({ yearFrom: v['b.yearFrom'], yearTo: v['b.yearTo'] }), { message: 'yearFrom must not be after yearTo', path: ['b.yearTo'] })
export type CompareQuery = z.output<typeof compareQuery>

const groupFigures = z.object({ tags: z.number().int(), reportsWithLabel: z.number().int(), perTenThousand: z.number().nullable(), share: z.number().nullable() })
export const compareSchema = z
  .object({
    measure: z.enum(compareMeasures),
    labels: distributionSchema.shape.labels,
    totals: z.object({ a: distributionSchema.shape.totals, b: distributionSchema.shape.totals }),
    rows: z.array(
      z.object({
        labelId: z.string(),
        a: groupFigures,
        b: groupFigures,
        difference: z.object({ count: z.number(), perTenThousand: z.number(), share: z.number() }).describe('a − b of each measure (a missing measure counts as 0)'),
      }),
    ),
  })
  .meta({ id: 'ResearchCompare' })
export type ResearchCompare = z.output<typeof compareSchema>
