import { z } from 'zod'
import { idSchema, offsetSchema, storable } from './common'

export const curationDecisions = ['accept', 'accept_all', 'take', 'fix', 'drop'] as const
export type CurationDecision = (typeof curationDecisions)[number]

const rowKeySchema = z.string().trim().regex(/^[0-9a-f]{32}$/, 'is not a row key (as GET …/curation gives it)')

export const curationDecisionSchema = z
  .object({
    decision: z.enum(curationDecisions).describe('accept: an agreement as proposed; accept_all: every undecided agreement; take: one annotator\'s tags of the row; fix: a corrected span and label; drop: nothing of the row is gold'),
    rowKey: rowKeySchema.optional().describe('The row decided (every decision but accept_all)'),
    annotatorId: idSchema.optional().describe('With take: whose tags of the row become gold'),
    fix: z
      .object({ start: offsetSchema, end: offsetSchema.min(1), quote: storable(z.string()).min(1).max(100_000), labelId: idSchema })
      .strict()
      .refine((f) => f.start < f.end, { message: 'end must be greater than start', path: ['end'] })
      .optional()
      .describe('With fix: the gold span and label; the row\'s tags it overlaps are its sources'),
  })
  .strict()
  .refine((v) => v.decision === 'accept_all' || v.rowKey, { message: 'name the row (rowKey) this decision is about', path: ['rowKey'] })
  .refine((v) => v.decision !== 'take' || v.annotatorId, { message: 'take needs the annotator whose tags become gold (annotatorId)', path: ['annotatorId'] })
  .refine((v) => v.decision !== 'fix' || v.fix, { message: 'fix needs the corrected span and label (fix)', path: ['fix'] })
  .refine((v) => v.decision === 'fix' || !v.fix, { message: 'a fix goes with the decision fix only', path: ['fix'] })
  .meta({ id: 'CurationDecision' })

export type CurationDecisionInput = z.infer<typeof curationDecisionSchema>

const curationTagSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  authorId: z.string(),
  labelId: z.string(),
  labelPath: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string(),
  status: z.string(),
})

const goldTagSchema = z
  .object({
    id: z.string(),
    labelId: z.string(),
    labelPath: z.array(z.string()),
    start: z.number().int(),
    end: z.number().int(),
    quote: z.string(),
    sourceTagIds: z.array(z.string()),
    curatorName: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'GoldTag' })

export type GoldTagView = z.output<typeof goldTagSchema>

const curationRowSchema = z.object({
  key: z.string(),
  kind: z.enum(['agreement', 'disagreement']),
  start: z.number().int(),
  end: z.number().int(),
  tags: z.array(curationTagSchema),
  decision: z.object({ kind: z.enum(['accept', 'take', 'fix', 'drop']), curatorName: z.string(), at: z.iso.datetime() }).nullable(),
  gold: z.array(goldTagSchema),
})

export type CurationRowView = z.output<typeof curationRowSchema>

export const curationStateSchema = z
  .object({
    documentId: z.string(),
    projectId: z.string(),
    annotators: z.array(z.object({ id: z.string(), name: z.string() })),
    labels: z.array(z.object({ id: z.string(), path: z.array(z.string()), color: z.string() })),
    rows: z.array(curationRowSchema),
    progress: z.object({ rows: z.number().int(), decided: z.number().int(), agreements: z.number().int(), disagreements: z.number().int() }),
    /** Every row decided: the export's gold option uses this document's gold tags. */
    curated: z.boolean(),
    /** Gold tags of rows that no longer exist (an annotator changed a tag since): decide the new row again. */
    staleGold: z.array(goldTagSchema),
    history: z.array(
      z.object({ id: z.string(), decision: z.enum(['accept', 'take', 'fix', 'drop']), rowKey: z.string(), actorName: z.string(), before: z.unknown().nullable(), after: z.unknown().nullable(), createdAt: z.iso.datetime() }),
    ),
  })
  .meta({ id: 'CurationState' })

export type CurationState = z.output<typeof curationStateSchema>

/** A document to curate, on the review page (a server-rendered list: no schema needed for it). */
export interface CurationOverviewItem {
  documentId: string
  title: string
  annotators: number
  /** Rows left after the last decision; null before the first. */
  remaining: number | null
  decisions: number
}
