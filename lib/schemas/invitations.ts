import { z } from 'zod'
import { passwordSchema } from './account'

/** 32 random bytes in base64url: 43 characters. Anything else is not a token of ours. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invitation token')

export const redeemInvitationSchema = z.object({ token: invitationTokenSchema, password: passwordSchema }).strict()

export const invitationLinkSchema = z
  .object({
    url: z.string().describe('The link to pass on (shown once: only its hash is stored); it works once'),
    expiresAt: z.iso.datetime(),
    mailed: z.boolean().describe('Whether it was also sent by e-mail (only when a mail transport is configured)'),
  })
  .meta({ id: 'InvitationLink' })
export type InvitationLinkView = z.infer<typeof invitationLinkSchema>

export const redeemInvitationBody = redeemInvitationSchema.meta({ id: 'RedeemInvitation' })

export const redeemedInvitationSchema = z
  .object({
    email: z.string().describe('The address to sign in with, with the password just set'),
    projectIds: z.array(z.string()).describe('The projects the user is a member of, oldest membership first'),
  })
  .meta({ id: 'RedeemedInvitation' })
