'use server'

import { AuthError } from 'next-auth'
import { signIn } from '@/lib/auth/next-auth'
import { credentialsSchema } from '@/lib/auth/next-auth'
import { safeRedirectPath } from '@/lib/auth/redirect'

export type SignInState = { error?: 'invalid_credentials' | 'rate_limited' | 'invalid_input'; email?: string }

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentialsSchema.safeParse({ email: form.get('email'), password: form.get('password') })
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : ''
  if (!parsed.success) return { error: 'invalid_input', email }
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeRedirectPath(form.get('next')) })
    return {}
  } catch (error) {
    // signIn throws a redirect on success; only AuthErrors are failures.
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code
      return { error: code === 'rate_limited' ? 'rate_limited' : 'invalid_credentials', email }
    }
    throw error
  }
}
