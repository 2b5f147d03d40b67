'use server'

import { cookies } from 'next/headers'
import { z } from 'zod'
import { signOut } from '@/lib/auth/next-auth'
import { servedOverHttps } from '@/lib/auth/trusted-proxy'
import { localeCookie, locales } from '@/lib/i18n/locales'

const localeSchema = z.enum(locales)

export async function setLocaleAction(locale: string): Promise<void> {
  // An unknown locale changes nothing (a thrown parse error would answer 500).
  const parsed = localeSchema.safeParse(locale)
  if (!parsed.success) return
  ;(await cookies()).set(localeCookie, parsed.data, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', secure: servedOverHttps() })
}

// next-auth's signOut event deletes the Session row (lib/auth/next-auth.ts), so copies of the cookie end too.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' })
}
