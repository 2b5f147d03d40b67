// The taxonomy editor's inputs and answers (issue 13; docs/decisions/0026-taxonomy-editor.md).
import { z } from 'zod'
import { idSchema, MAX_INT4, textSchema, versionSchema } from './common'

export const labelParams = z.object({ labelId: idSchema })

// A label's name is one step of a path ("重大行政决策/合法性审查"), so it may not contain the separator.
const labelName = textSchema(60, 1).refine((n) => !n.includes('/'), 'must not contain "/" (it separates the steps of a label path)')
const color = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb').transform((c) => c.toLowerCase())
// Digits only: letters are the workbench's commands (n, p, a, r, b, …), so a label key cannot shadow one.
const shortcut = z.string().regex(/^[0-9]$/, 'must be one digit, 0–9').nullable()
const keywords = z.array(textSchema(40, 1)).max(50, 'may list at most 50 keywords')

const editableFields = {
  name: labelName,
  en: textSchema(120),
  color,
  shortcut,
  guideline: textSchema(4000),
  guidelineZh: textSchema(4000),
  keywords,
}

export const createLabelSchema = z
  .object({
    ...editableFields,
    en: editableFields.en.optional(),
    color: color.optional(),
    shortcut: shortcut.optional(),
    guideline: editableFields.guideline.optional(),
    guidelineZh: editableFields.guidelineZh.optional(),
    keywords: keywords.optional(),
    parentId: idSchema.nullable().default(null).describe('The parent label; null for a top-level label'),
  })
  .strict()
  .meta({ id: 'CreateLabel' })
export type CreateLabelInput = z.infer<typeof createLabelSchema>

export const updateLabelSchema = z
  .object({
    version: versionSchema.describe('The label version you saw; a stale one is a 409'),
    name: editableFields.name.optional(),
    en: editableFields.en.optional(),
    color: color.optional(),
    shortcut: shortcut.optional(),
    guideline: editableFields.guideline.optional(),
    guidelineZh: editableFields.guidelineZh.optional(),
    keywords: keywords.optional(),
    parentId: idSchema.nullable().optional().describe('Move under this label (null: to the top level)'),
    order: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(MAX_INT4).optional().describe('Position among its siblings, from 0'),
    archived: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UpdateLabel' })
export type UpdateLabelInput = z.infer<typeof updateLabelSchema>

export const mergeLabelSchema = z
  .object({
    intoLabelId: idSchema.describe('The label that takes over every tag'),
    version: versionSchema.describe('The version of the label being merged, as you saw it'),
  })
  .strict()
  .meta({ id: 'MergeLabel' })

export const deleteLabelQuery = z.object({ version: z.coerce.number().pipe(versionSchema) })

export const taxonomyVersionSchema = z.object({ taxonomyVersion: versionSchema.describe('The taxonomy version you saw; a stale one is a 409') }).strict()

export const editedLabelSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    en: z.string(),
    color: z.string(),
    shortcut: z.string().nullable(),
    guideline: z.string(),
    guidelineZh: z.string(),
    keywords: z.array(z.string()),
    order: z.number().int(),
    archived: z.boolean(),
    aliasOfId: z.string().nullable(),
    version: z.number().int(),
    taxonomyVersion: z.number().int().describe("The project's taxonomy version after the change"),
  })
  .meta({ id: 'EditedLabel' })

const agreementFigures = z.object({ pairs: z.number().int(), kappa: z.number().nullable(), overlapF1: z.number(), exactF1: z.number() })

export const labelImpactSchema = z
  .object({
    labelId: z.string(),
    tags: z.number().int().describe('Tags (not deleted) on the label and its sub-labels'),
    approved: z.number().int(),
    documents: z.number().int(),
    subLabels: z.number().int(),
    agreementDocuments: z.number().int().describe('Documents with tags of two or more annotators on these labels: their agreement figures change'),
    agreement: z
      .object({
        documents: z.number().int().describe('Documents two or more annotators tagged (the figures of the review dashboard are computed over them)'),
        levels: z.array(
          z.object({
            level: z.enum(['top', 'leaf']),
            macroKappaBefore: z.number().nullable(),
            macroKappaAfter: z.number().nullable(),
            labels: z
              .array(z.object({ label: z.string(), before: agreementFigures.nullable(), after: agreementFigures.nullable() }))
              .describe('Labels whose figures change (null: no figures on that side, e.g. a merged label after the merge)'),
          }),
        ),
      })
      .nullable()
      .describe('Agreement figures before and after the change asked in the query (merge: intoLabelId; move: moveTo); without either (an archive) they stay the same. Null when no document has two annotators'),
  })
  .meta({ id: 'LabelImpact' })

export const labelImpactQuery = z.object({
  intoLabelId: idSchema.optional().describe('Preview a merge into this label'),
  moveTo: z.union([z.literal('top'), idSchema]).optional().describe('Preview a move under this top label, or "top" to the top level'),
})

export const mergeResultSchema = z
  .object({ merged: editedLabelSchema, into: editedLabelSchema, movedTags: z.number().int(), taxonomyVersion: z.number().int() })
  .meta({ id: 'MergeResult' })

export const taxonomyEventSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    action: z.enum(['created', 'edited', 'moved', 'reordered', 'archived', 'unarchived', 'deleted', 'merged', 'undone', 'split', 'split_assigned']),
    labelId: z.string().nullable(),
    actorName: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    createdAt: z.string(),
  })
  .meta({ id: 'TaxonomyEvent' })

export const taxonomyEventListSchema = z
  .object({ taxonomyVersion: z.number().int(), items: z.array(taxonomyEventSchema) })
  .meta({ id: 'TaxonomyEventList' })

export const taxonomyEventsQuery = z.object({
  since: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').max(MAX_INT4).default(0).describe('Only changes after this taxonomy version'),
})

export const importTaxonomySchema = z
  .object({
    file: z.unknown().describe('A taxonomy file (the shape of the exported taxonomy) or a Tagbench export manifest'),
    apply: z.boolean().default(false).describe('false: only the plan; true: carry it out as one taxonomy version'),
  })
  .strict()
  .meta({ id: 'ImportTaxonomy' })

export const taxonomyImportResultSchema = z
  .object({
    applied: z.boolean(),
    taxonomyVersion: z.number().int().nullable(),
    add: z.array(z.array(z.string())).describe('Paths of the labels added (or that would be)'),
    change: z.array(z.object({ path: z.array(z.string()), fields: z.array(z.string()) })),
    archived: z.array(z.array(z.string())).describe('Labels of the file the project has archived: left archived'),
    unchanged: z.number().int(),
  })
  .meta({ id: 'TaxonomyImportResult' })

// Splitting a label (issue 13): the new labels, then a review list where each tag is assigned to one of them.
export const splitLabelSchema = z
  .object({
    version: versionSchema.describe('The version of the label being split, as you saw it'),
    into: z
      .array(z.object({ name: labelName, en: editableFields.en.optional(), shortcut: shortcut.optional() }).strict())
      .min(2, 'must name at least two labels')
      .max(9, 'may name at most nine labels (the review list assigns them by the keys 1–9)')
      .refine((l) => new Set(l.map((x) => x.name)).size === l.length, 'must not name a label twice')
      .refine((l) => { const keys = l.flatMap((x) => (x.shortcut ? [x.shortcut] : [])); return new Set(keys).size === keys.length }, 'must not give two labels the same key')
      .describe('The new labels: sub-labels of a top-level label, or siblings of a sub-label'),
  })
  .strict()
  .meta({ id: 'SplitLabel' })
export type SplitLabelInput = z.infer<typeof splitLabelSchema>

export const splitResultSchema = z
  .object({ label: editedLabelSchema, into: z.array(editedLabelSchema), tags: z.number().int().describe('Tags on the label, to be assigned'), taxonomyVersion: z.number().int() })
  .meta({ id: 'SplitResult' })

export const splitReviewSchema = z
  .object({
    labelId: z.string(),
    path: z.array(z.string()),
    split: z
      .object({
        taxonomyVersion: z.number().int().describe('The version the split was made under'),
        targets: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })).describe('In order: the review list assigns them by the keys 1, 2, …'),
        assigned: z.number().int(),
        remaining: z.number().int(),
        items: z.array(
          z.object({
            tagId: z.string(),
            version: z.number().int(),
            documentId: z.string(),
            documentTitle: z.string(),
            start: z.number().int(),
            end: z.number().int(),
            quote: z.string(),
            prefix: z.string(),
            suffix: z.string(),
            status: z.string(),
          }),
        ),
      })
      .nullable()
      .describe('Null when the label was never split'),
  })
  .meta({ id: 'SplitReview' })

export const assignSplitTagSchema = z
  .object({
    tagId: idSchema,
    version: versionSchema.describe('The tag version you saw; a stale one is a 409'),
    intoLabelId: idSchema.describe('One of the new labels, or the split label itself to take an assignment back'),
  })
  .strict()
  .meta({ id: 'AssignSplitTag' })

export const assignSplitTagResultSchema = z
  .object({ tagId: z.string(), version: z.number().int(), labelId: z.string(), taxonomyVersion: z.number().int() })
  .meta({ id: 'AssignSplitTagResult' })

// Guideline examples (issue 13): approved tags as "this counts", rejected ones as "this does not".
export const labelExampleInputSchema = z
  .object({ kind: z.enum(['positive', 'negative']).describe('positive: an approved tag, "this counts"; negative: a rejected tag, "this does not"') })
  .strict()
  .meta({ id: 'LabelExampleInput' })

export const labelExampleSchema = z
  .object({
    id: z.string(),
    labelId: z.string(),
    tagId: z.string(),
    kind: z.enum(['positive', 'negative']),
    quote: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    documentTitle: z.string(),
    createdByName: z.string(),
    createdAt: z.string(),
    changed: z
      .object({ reason: z.enum(['deleted', 'relabelled', 'status']), labelName: z.string().optional(), status: z.string().optional() })
      .nullable()
      .describe('Set when the tag changed since it was linked (deleted, moved to another label, reviewed otherwise): the example is kept and says so'),
  })
  .meta({ id: 'LabelExample' })

export const labelExampleListSchema = z.object({ labelId: z.string(), items: z.array(labelExampleSchema) }).meta({ id: 'LabelExampleList' })
