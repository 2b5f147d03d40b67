import { z } from 'zod'

export const idSchema = z.string().trim().min(1, 'is required').max(64, 'is too long').regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id')

export const pageQuery = {
  page: z.coerce.number().int().min(1, 'must be 1 or more').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be 1 or more').max(100, 'must be 100 or less').default(20),
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'internal']),
      message: z.string().describe('The sentence in English'),
      messageKey: z.string().optional().describe('The sentence’s key (e.g. tag.stale), for showing it in another language; the sentences are in messages/api-errors.<locale>.json'),
      messageValues: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('The values the keyed sentence interpolates'),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      current: z.unknown().optional().describe('With a 409 on a tag: the tag as it is now'),
    }),
  })
  .meta({ id: 'Error' })

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
}
