'use server'

import { AuthError } from 'next-auth'
import { redirect } from 'next/navigation'
import { signIn } from '@/lib/auth/next-auth'
import { credentialsSchema } from '@/lib/auth/next-auth'
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/auth/oidc'
import { safeRedirectPath } from '@/lib/auth/redirect'

export type SignInState = { error?: 'invalid_credentials' | 'rate_limited' | 'invalid_input' | 'password_off'; email?: string }

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentialsSchema.safeParse({ email: form.get('email'), password: form.get('password') })
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : ''
  if (!parsed.success) return { error: 'invalid_input', email }
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeRedirectPath(form.get('next'), '/projects') })
    return {}
  } catch (error) {
    // signIn throws a redirect on success; only AuthErrors are failures.
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code
      return { error: code === 'rate_limited' || code === 'password_off' ? code : 'invalid_credentials', email }
    }
    throw error
  }
}

/**
 * Starts a single sign-on: off to the provider, back at /no-project, which sends a user with a
 * project on to where they were going and shows everyone else who to ask.
 */
export async function ssoSignInAction(form: FormData): Promise<void> {
  if (!oidcSettings()) redirect('/sign-in?error=Configuration')
  const next = safeRedirectPath(form.get('next'), '/projects')
  await signIn(OIDC_PROVIDER_ID, { redirectTo: `/no-project?next=${encodeURIComponent(next)}` })
}
