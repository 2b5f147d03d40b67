'use server'

import { AuthError } from 'next-auth'
import { headers } from 'next/headers'
import type { Refusal } from '@/lib/api/error-answer'
import { signIn } from '@/lib/auth/next-auth'
import { clientAddress } from '@/lib/auth/trusted-proxy'
import { DomainError } from '@/lib/errors'
import { redeemInvitationSchema } from '@/lib/schemas/invitations'
import { redeemInvitation } from '@/lib/services/invitations'

export type RedeemState = { error?: Refusal | 'passwordRule' | 'mismatch' | 'signInFailed' }

/** Sets the password through the link, then signs in with it (the ordinary sign-in) and opens their project. */
export async function redeemInvitationAction(_previous: RedeemState, form: FormData): Promise<RedeemState> {
  const password = form.get('password')
  if (password !== form.get('confirm')) return { error: 'mismatch' }
  const parsed = redeemInvitationSchema.safeParse({ token: form.get('token'), password })
  if (!parsed.success) return { error: parsed.error.issues.some((i) => i.path[0] === 'password') ? 'passwordRule' : { message: 'This link is not valid.', messageKey: 'invitations.unknown' } }
  let redeemed: Awaited<ReturnType<typeof redeemInvitation>>
  try {
    redeemed = await redeemInvitation({ ...parsed.data, address: clientAddress(await headers()) })
  } catch (error) {
    if (error instanceof DomainError) return { error: { message: error.message, messageKey: error.i18n?.key, messageValues: error.i18n?.values } }
    throw error
  }
  const landing = redeemed.projectIds.length > 0 ? `/projects/${redeemed.projectIds[0]}` : '/projects'
  try {
    await signIn('credentials', { email: redeemed.email, password: parsed.data.password, redirectTo: landing })
  } catch (error) {
    // signIn throws a redirect on success; only AuthErrors are failures (the password is set: sign in by hand).
    if (error instanceof AuthError) return { error: 'signInFailed' }
    throw error
  }
  return {}
}
