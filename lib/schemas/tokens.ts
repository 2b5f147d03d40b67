import { z } from 'zod'
import { idSchema, storable } from './common'

export const createTokenSchema = z
  .object({ name: storable(z.string()).trim().min(1, 'Give the token a name, such as "export script".').max(100, 'must be 100 characters or fewer') })
  .strict()

export const revokeTokenSchema = z.object({ id: idSchema }).strict()
