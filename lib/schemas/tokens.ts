import { z } from 'zod'
import { idSchema, storable } from './common'

export const createTokenSchema = z
  .object({ name: storable(z.string()).trim().min(1, 'Give the token a name, such as "export script".').max(100, 'must be 100 characters or fewer') })
  .strict()

export const revokeTokenSchema = z.object({ id: idSchema }).strict()

export const tokenParams = z.object({ tokenId: idSchema }).strict()

export const createTokenBody = createTokenSchema.meta({ id: 'CreateToken' })

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the secret, to recognise it'),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().describe('Kept to the minute'),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AccessToken' })

export const tokenListSchema = z.object({ items: z.array(tokenSchema) }).meta({ id: 'AccessTokenList' })

export const createdTokenSchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.iso.datetime(), secret: z.string().describe('Shown once: only its hash is kept') })
  .meta({ id: 'CreatedAccessToken' })
