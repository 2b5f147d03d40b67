// Suggestions (issue 14, docs/decisions/0028): what the API reads and answers. Offsets are code points, end exclusive.
import { z } from 'zod'
import { idSchema, offsetSchema, textSchema } from './common'
import { tagSchema } from './tags'

export const suggestionSources = ['rule', 'model', 'propagation'] as const
export const suggestionSourceSchema = z.enum(suggestionSources)
export type SuggestionSourceName = z.infer<typeof suggestionSourceSchema>

export const suggestionParams = z.object({ documentId: idSchema, suggestionId: idSchema })
export const patternParams = z.object({ projectId: idSchema, patternId: idSchema })

export const suggestionSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    quote: z.string(),
    /** The label it proposes now: a merged label's successor. */
    labelId: z.string(),
    label_path: z.string().describe('"top/leaf" or "top", as in exports'),
    source: suggestionSourceSchema,
    /** The rule pattern id (or keyword:<labelId>), the model version, or the source tag id. */
    ref: z.string(),
    score: z.number(),
    status: z.enum(['open', 'accepted', 'rejected']),
    origin: z
      .object({
        tagId: z.string(),
        documentId: z.string(),
        title: z.string(),
        year: z.number().int().nullable(),
        province: z.string().nullable(),
        city: z.string().nullable(),
        approvedBy: z.string().nullable().describe("The reviewer's name"),
        quote: z.string(),
        parts: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() })).describe('Character diff from the source passage to this one'),
      })
      .optional()
      .describe('Propagation only: the approved tag it was carried from (absent when that tag is no longer approved)'),
  })
  .meta({ id: 'Suggestion' })
export type SuggestionView = z.output<typeof suggestionSchema>

export const suggestionListSchema = z
  .object({
    items: z.array(suggestionSchema),
    /** The thresholds applied, per source (sources switched off are left out of `items`). */
    thresholds: z.record(z.string(), z.number()),
    enabled: z.record(z.string(), z.boolean()),
  })
  .meta({ id: 'SuggestionList' })

export const computeResultSchema = z
  .object({
    created: z.number().int(),
    open: z.number().int(),
    /** Why a source gave nothing (e.g. no trained model yet, with how many approved tags it needs). */
    notes: z.array(z.object({ source: suggestionSourceSchema, key: z.string(), message: z.string() })),
    tookMs: z.number(),
  })
  .meta({ id: 'SuggestionComputeResult' })

/** Accepting, optionally after adjusting the span or the label. */
export const acceptSuggestionSchema = z
  .object({
    start: offsetSchema.optional(),
    end: offsetSchema.optional(),
    quote: z.string().max(100_000).optional().describe('Required with an adjusted span: the text at [start, end)'),
    labelId: idSchema.optional(),
  })
  .strict()
  .refine((b) => (b.start === undefined) === (b.end === undefined) && (b.start === undefined || b.quote !== undefined), {
    message: 'an adjusted span needs start, end and quote together',
  })
  .meta({ id: 'AcceptSuggestion' })

export const rejectSuggestionSchema = z.object({ reason: textSchema(500).optional() }).strict().meta({ id: 'RejectSuggestion' })

export const acceptAllSchema = z
  .object({
    start: offsetSchema.describe('The section: suggestions inside [start, end) are accepted'),
    end: offsetSchema,
    minScore: z.number().min(0).max(1),
  })
  .strict()
  .refine((b) => b.start < b.end, { message: 'start must be before end', path: ['end'] })
  .meta({ id: 'AcceptAllSuggestions' })

export const decisionSchema = z
  .object({
    suggestion: suggestionSchema,
    /** The tag it became (accept). */
    tagId: z.string().nullable(),
    tag: tagSchema.nullable(),
  })
  .meta({ id: 'SuggestionDecision' })

export const acceptAllResultSchema = z.object({ accepted: z.number().int(), skipped: z.number().int(), tagIds: z.array(z.string()) }).meta({ id: 'AcceptAllResult' })

const threshold = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')

export const suggestionSettingsSchema = z
  .object({
    ruleEnabled: z.boolean(),
    modelEnabled: z.boolean(),
    propagationEnabled: z.boolean(),
    ruleThreshold: threshold,
    modelThreshold: threshold,
    propagationThreshold: threshold,
    precisionFloor: threshold,
    retrainAfter: z.number().int().min(0).max(100_000),
    suggestOnImport: z.boolean(),
    nextByUncertainty: z.boolean(),
  })
  .meta({ id: 'SuggestionSettings' })
export type SuggestionSettingsView = z.output<typeof suggestionSettingsSchema>

export const suggestionSettingsAnswerSchema = suggestionSettingsSchema
  .extend({ floorNotices: z.array(z.object({ source: suggestionSourceSchema, precision: z.number(), at: z.string() })) })
  .meta({ id: 'SuggestionSettingsAnswer' })

export const updateSuggestionSettingsSchema = suggestionSettingsSchema.partial().strict().meta({ id: 'UpdateSuggestionSettings' })

export const createPatternSchema = z
  .object({
    labelId: idSchema,
    kind: z.enum(['literal', 'regex']),
    pattern: textSchema(500, 1),
    mustAlsoContain: textSchema(200).nullish(),
  })
  .strict()
  .meta({ id: 'CreateSuggestionPattern' })
export type CreatePatternInput = z.infer<typeof createPatternSchema>

export const patternSchema = z
  .object({ id: z.string(), labelId: z.string(), kind: z.enum(['literal', 'regex']), pattern: z.string(), mustAlsoContain: z.string().nullable(), createdAt: z.iso.datetime() })
  .meta({ id: 'SuggestionPattern' })
export const patternListSchema = z.object({ items: z.array(patternSchema) }).meta({ id: 'SuggestionPatternList' })

export const trainSchema = z.object({ wait: z.boolean().default(false).describe('Train in this request rather than queueing the job') }).strict().meta({ id: 'TrainSuggestions' })
export const trainResultSchema = z
  .object({ queued: z.boolean(), jobId: z.string().nullable(), model: z.object({ version: z.number().int(), trainedOnTags: z.number().int(), durationMs: z.number() }).nullable() })
  .meta({ id: 'TrainResult' })

export const runSchema = z
  .object({ documentIds: z.array(idSchema).max(10_000).optional().describe('A selection; all documents of the project when left out') })
  .strict()
  .meta({ id: 'RunSuggestions' })
export const runStateSchema = z
  .object({ id: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']), total: z.number().int(), done: z.number().int(), created: z.number().int(), error: z.string().nullable(), createdAt: z.iso.datetime(), finishedAt: z.iso.datetime().nullable() })
  .meta({ id: 'SuggestionRun' })
export const runListSchema = z.object({ items: z.array(runStateSchema) }).meta({ id: 'SuggestionRunList' })

const figures = z.object({ precision: z.number().nullable(), recall: z.number().nullable(), f1: z.number().nullable(), support: z.number().int().optional() })
export const suggestionEvaluationSchema = z
  .object({
    model: z.object({ version: z.number().int(), trainedOnTags: z.number().int(), trainedOnDocuments: z.number().int(), createdAt: z.iso.datetime() }).nullable(),
    /** Per source: overall figures and per label ({label_path → figures}). */
    sources: z.array(z.object({ source: suggestionSourceSchema, overall: figures, labels: z.array(figures.extend({ labelId: z.string(), label_path: z.string() })) })),
    learningCurve: z.array(z.object({ tags: z.number().int(), f1: z.number().nullable() })),
    /** Live: of the suggestions decided, the share accepted, per source. */
    acceptance: z.array(z.object({ source: suggestionSourceSchema, accepted: z.number().int(), rejected: z.number().int(), open: z.number().int(), rate: z.number().nullable() })),
    floorNotices: z.array(z.object({ source: suggestionSourceSchema, precision: z.number(), at: z.string() })),
    precisionFloor: z.number(),
    approvedTags: z.number().int(),
  })
  .meta({ id: 'SuggestionEvaluation' })
export type SuggestionEvaluation = z.output<typeof suggestionEvaluationSchema>
