import { z } from 'zod'
import { needsReason } from '../review/transitions'
import { idSchema, offsetSchema, page, pageQuery, storable, versionSchema } from './common'
import { tagSchema } from './tags'
import { TagSource, TagStatus } from '../generated/prisma/enums'

export const reviewActions = ['approve', 'reject', 'send_back', 'reopen'] as const
export type ReviewAction = (typeof reviewActions)[number]

export const reviewSchema = z
  .object({
    action: z.enum(reviewActions),
    version: versionSchema.describe('The version you saw; a stale one gets 409 and the current state'),
    reasonCode: storable(z.string()).trim().min(1).max(64).optional().describe("One of the project's reason codes"),
    reason: storable(z.string()).trim().max(2000, 'must be 2,000 characters or fewer').optional().describe('Free text, shown to the annotator'),
    fix: z
      .object({ start: offsetSchema, end: offsetSchema.min(1), quote: storable(z.string()).min(1).max(100_000), labelId: idSchema })
      .strict()
      .refine((f) => f.start < f.end, { message: 'end must be greater than start', path: ['end'] })
      .optional()
      .describe('With approve only: the corrected span and label ("fix and approve"); the original stays in history'),
  })
  .strict()
  .refine((v) => !needsReason(v.action) || v.reason || v.reasonCode, { message: 'give a reason (reasonCode or reason) to reject, send back or reopen', path: ['reason'] })
  .refine((v) => !v.fix || v.action === 'approve', { message: 'a fix goes with approve only', path: ['fix'] })
  .meta({ id: 'Review' })

export type ReviewInput = z.infer<typeof reviewSchema>

export const tagEventSchema = z
  .object({
    id: z.string(),
    action: z.enum(['created', 'edited', 'approved', 'rejected', 'sent_back', 'deleted', 'restored', 'reopened', 'relabelled']),
    actorId: z.string(),
    actorName: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    reasonCode: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TagEvent' })

export type TagEventView = z.output<typeof tagEventSchema>

export const tagEventListSchema = z.object({ items: z.array(tagEventSchema) }).meta({ id: 'TagEventList' })

export const reviewQueueQuery = z.object({
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1, 'must be 1 or more').max(200, 'must be 200 or less').default(50),
  status: z.enum(TagStatus).default('pending'),
  labelId: idSchema.optional().describe('A label; its sub-labels are included'),
  annotatorId: idSchema.optional(),
  documentId: idSchema.optional(),
  source: z.enum(TagSource).optional(),
  olderThanHours: z.coerce.number().min(0).max(100_000).optional().describe('Only tags created at least this many hours ago'),
  sort: z.enum(['oldest', 'newest', 'document']).default('oldest'),
})

export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>

export const reviewQueueItemSchema = tagSchema.extend({ documentTitle: z.string(), lastReason: z.string().nullable(), lastReasonCode: z.string().nullable() }).meta({ id: 'ReviewQueueItem' })

export const reviewQueueSchema = page(reviewQueueItemSchema).meta({ id: 'ReviewQueue' })

export const reasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() })
export const reasonListSchema = z.array(reasonSchema)
