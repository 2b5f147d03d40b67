'use server'

import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import type { Refusal } from '@/lib/api/error-answer'
import { signIn } from '@/lib/auth/next-auth'
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/auth/oidc'
import { currentActor } from '@/lib/auth/session'
import { handleOf } from '@/lib/auth/sessions'
import { LINK_COOKIE, LINK_TTL_SECONDS, signLinkIntent } from '@/lib/auth/sso-link'
import { clientAddress, servedOverHttps } from '@/lib/auth/trusted-proxy'
import { DomainError } from '@/lib/errors'
import { changePasswordSchema } from '@/lib/schemas/account'
import { changeOwnPassword } from '@/lib/services/account'

export type ChangePasswordResult = { ok: true; endedSessions: number } | { ok: false; error: Refusal | 'passwordRule' | 'sameAsCurrent' | 'signedOut' }

export async function changePasswordAction(input: unknown): Promise<ChangePasswordResult> {
  const actor = await currentActor()
  if (!actor) return { ok: false, error: 'signedOut' }
  const parsed = changePasswordSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: parsed.error.issues.some((i) => i.message.startsWith('must differ')) ? 'sameAsCurrent' : 'passwordRule' }
  try {
    const { endedSessions } = await changeOwnPassword(actor, { ...parsed.data, address: clientAddress(await headers()) })
    return { ok: true, endedSessions }
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { message: error.message, messageKey: error.i18n?.key, messageValues: error.i18n?.values } }
    throw error
  }
}

/**
 * Links a single sign-on account to you (lib/auth/sso-link.ts): a signed cookie names you and this
 * session for ten minutes, then off to the provider; the sign-in callback links the account it
 * comes back with, and you land on /account again.
 */
export async function linkSingleSignOnAction(): Promise<void> {
  const actor = await currentActor()
  if (!actor?.sessionId || !oidcSettings()) redirect('/account?link=link_expired')
  const jar = await cookies()
  jar.set(LINK_COOKIE, signLinkIntent({ userId: actor.id, sessionHandle: handleOf(actor.sessionId) }, process.env.AUTH_SECRET ?? ''), {
    httpOnly: true,
    sameSite: 'lax',
    secure: servedOverHttps(),
    path: '/',
    maxAge: LINK_TTL_SECONDS,
  })
  await signIn(OIDC_PROVIDER_ID, { redirectTo: '/account?link=done' })
}
