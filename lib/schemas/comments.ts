import { z } from 'zod'
import { idSchema, textSchema } from './common'

export const COMMENT_MAX = 2000

export const createCommentSchema = z
  .object({ body: textSchema(COMMENT_MAX, 1).describe('The comment, 1 to 2,000 characters (trimmed)') })
  .strict()
  .meta({ id: 'CreateTagComment' })

export type CreateCommentInput = z.infer<typeof createCommentSchema>

export const tagCommentSchema = z
  .object({
    id: z.string(),
    tagId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    /** The author's role in the project when read (null: no longer a member). */
    authorRole: z.enum(['annotator', 'reviewer', 'manager']).nullable(),
    body: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TagComment' })

export type TagCommentView = z.output<typeof tagCommentSchema>

export const tagCommentListSchema = z
  .object({
    items: z.array(tagCommentSchema),
    /** Whether the caller may add to this thread now. */
    canComment: z.boolean(),
  })
  .meta({ id: 'TagCommentList' })

export type TagCommentList = z.output<typeof tagCommentListSchema>

export const commentCountsQuery = z.object({
  tagIds: z
    .string()
    .max(20_000)
    .transform((s) => [...new Set(s.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(idSchema).max(500, 'must name at most 500 tags'))
    .describe('Tag ids, comma-separated'),
})

export const commentCountsSchema = z.object({ counts: z.record(z.string(), z.number().int()) }).meta({ id: 'TagCommentCounts' })
