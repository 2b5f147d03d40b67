'use server'

import { headers } from 'next/headers'
import type { Refusal } from '@/lib/api/error-answer'
import { currentActor } from '@/lib/auth/session'
import { clientAddress } from '@/lib/auth/trusted-proxy'
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
