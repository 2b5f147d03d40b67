import { z } from 'zod'
import { storable } from './common'

/** The one password rule (sign-up through an invitation, a change, a reset): 10 to 1,024 characters. */
export const passwordSchema = storable(z.string({ error: 'must be text' }).min(10, 'must be at least 10 characters').max(1024, 'must be 1,024 characters or fewer'))

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'is required' }).min(1, 'is required').max(1024, 'must be 1,024 characters or fewer'),
    newPassword: passwordSchema,
  })
  .strict()
  .refine((v) => v.currentPassword !== v.newPassword, { message: 'must differ from the current password', path: ['newPassword'] })

export const changePasswordBody = changePasswordSchema.meta({ id: 'ChangePassword' })

export const changedPasswordSchema = z
  .object({ endedSessions: z.number().int().describe('Your other sessions, ended by the change (this one stays)') })
  .meta({ id: 'ChangedPassword' })

export const sessionSchema = z
  .object({
    handle: z.string().describe('A short, non-secret name for the session (to end it by)'),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    userAgent: z.string().describe('The browser at sign-in; empty when it sent none'),
    address: z.string().describe('The client address at sign-in; empty when unknown'),
    current: z.boolean().describe('The session making this request'),
  })
  .meta({ id: 'Session' })

export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).meta({ id: 'SessionList' })

export const endedSessionsSchema = z.object({ ended: z.number().int() }).meta({ id: 'EndedSessions' })
