import { z } from 'zod'
import { idSchema, MAX_INT4, offsetSchema, storable, versionSchema } from './common'
import { TagSource, TagStatus } from '../generated/prisma/enums'

const offset = offsetSchema

function spanIsOrdered(v: { start?: number; end?: number }) {
  return v.start === undefined || v.end === undefined || v.start < v.end
}
const spanMessage = { message: 'end must be greater than start (offsets count code points, end exclusive)', path: ['end'] }

export const createTagSchema = z
  .object({
    labelId: idSchema,
    start: offset.describe('Code-point offset of the first character'),
    end: offset.describe('Code-point offset after the last character (exclusive)'),
    quote: storable(z.string()).min(1, 'must be the tagged text').max(100_000).describe('The text at [start, end): the server checks it'),
  })
  .strict()
  .refine(spanIsOrdered, spanMessage)
  .meta({ id: 'CreateTag' })

export type CreateTagInput = z.infer<typeof createTagSchema>

export const updateTagSchema = z
  .object({
    version: versionSchema.describe('The version you last saw; a stale one gets 409'),
    labelId: idSchema.optional(),
    start: offset.optional(),
    end: offset.optional(),
    quote: storable(z.string()).min(1).max(100_000).optional(),
  })
  .strict()
  .refine((v) => (v.start === undefined && v.end === undefined && v.quote === undefined) || (v.start !== undefined && v.end !== undefined && v.quote !== undefined), {
    message: 'a new span needs start, end and quote together',
    path: ['quote'],
  })
  .refine(spanIsOrdered, spanMessage)
  .refine((v) => v.labelId !== undefined || v.start !== undefined, { message: 'send a new labelId, or a new span (start, end, quote), or both', path: ['labelId'] })
  .meta({ id: 'UpdateTag' })

export type UpdateTagInput = z.infer<typeof updateTagSchema>

export const versionQuery = z.object({ version: z.coerce.number().int().min(1, 'must be the version you last saw').max(MAX_INT4, 'must be below 2^31') })

export const tagSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    labelId: z.string(),
    labelPath: z.array(z.string()),
    start: z.number().int(),
    end: z.number().int(),
    quote: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    reviewerId: z.string().nullable(),
    status: z.enum(TagStatus),
    source: z.enum(TagSource),
    version: z.number().int(),
    deleted: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Tag' })

export type TagView = z.infer<typeof tagSchema>

export const tagListSchema = z.object({ items: z.array(tagSchema), blind: z.boolean().describe('true when only your own tags are shown') }).meta({ id: 'TagList' })

export const tagParams = z.object({ tagId: idSchema })
