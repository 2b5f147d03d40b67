import { z } from 'zod'

// In the browser, zod must not compile its parsers with new Function: the pages' Content-Security-
// Policy forbids eval, and zod's probe for it is itself reported as a violation. Every schema module
// imports this one, so the setting is in place before anything parses. The server keeps the fast path.
if (typeof window !== 'undefined') z.config({ jitless: true })

/** The largest value of a Postgres integer column (offsets, versions, counts): above it, a 400, not an overflow. */
export const MAX_INT4 = 2 ** 31 - 1

/**
 * What makes a string unstorable: Postgres text cannot hold NUL, and a lone surrogate has no UTF-8
 * form (Prisma's JSON and pg's encoder fail on it). Null when the string is fine.
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters'
  if (!text.isWellFormed()) return 'must be well-formed Unicode (it contains a lone surrogate)'
  return null
}

/** The one text check every input string goes through (see textProblem). */
export function storable<T extends z.ZodString>(schema: T): T {
  return schema.refine((t) => !t.includes('\u0000'), 'must not contain NUL characters').refine((t) => t.isWellFormed(), 'must be well-formed Unicode (it contains a lone surrogate)') as T
}

/** Text of at most `max` characters that Postgres can store (trimmed; may be empty unless `min`). */
export const textSchema = (max: number, min = 0) =>
  storable(
    z
      .string()
      .trim()
      .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
      .max(max, `must be ${max.toLocaleString('en')} characters or fewer`),
  )

/** A code-point offset into a document: a whole number from 0 to 2^31 − 1. */
export const offsetSchema = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(MAX_INT4, 'must be below 2^31')

/** A row version as the client saw it. */
export const versionSchema = z.number().int('must be a whole number').min(1, 'must be 1 or more').max(MAX_INT4, 'must be below 2^31')

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
