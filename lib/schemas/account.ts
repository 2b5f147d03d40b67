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
