import { z } from 'zod'

/** Which of your sessions to end: one (by its handle), all the others, or all of them. */
export const endSessionSchema = z.union(
  [
    z.object({ handle: z.string().regex(/^[0-9a-f]{16}$/, 'Choose a session from the list.') }).strict(),
    z.object({ others: z.literal(true) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ],
  { error: 'send {handle}, {others: true} or {all: true}' },
)
export type EndSessionInput = z.input<typeof endSessionSchema>

export const endSessionBody = endSessionSchema.meta({ id: 'EndSessions' })
