'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { endSessions, endSessionSchema } from '@/lib/auth/sessions'
import { currentActor } from '@/lib/auth/session'
import type { Refusal } from '@/lib/api/error-answer'
import { DomainError } from '@/lib/errors'
import { createTokenSchema, revokeTokenSchema } from '@/lib/schemas/tokens'
import { createToken, revokeToken } from '@/lib/services/tokens'

/** A refusal carries its message key, so that the page says it in the UI's language (useErrorMessage). */
export type TokenActionResult = { ok: true; secret?: string } | { ok: false; error: Refusal }

async function run(work: () => Promise<string | undefined>): Promise<TokenActionResult> {
  try {
    const secret = await work()
    revalidatePath('/settings')
    return { ok: true, secret }
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { message: error.message, messageKey: error.i18n?.key, messageValues: error.i18n?.values } }
    throw error
  }
}

export async function createTokenAction(input: { name: string }): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: { message: t('sessionEnded') } }
  const parsed = createTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: { message: t('nameRequired') } }
  return run(async () => (await createToken(actor, parsed.data)).secret)
}

export async function revokeTokenAction(input: { id: string }): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: { message: t('sessionEnded') } }
  const parsed = revokeTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: { message: t('badToken') } }
  return run(async () => {
    await revokeToken(actor, parsed.data)
    return undefined
  })
}

/** Ends one of the user's other sessions, all others, or all (this one included). */
export async function endSessionsAction(input: unknown): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: { message: t('sessionEnded') } }
  const parsed = endSessionSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: { message: t('badSession') } }
  return run(async () => {
    await endSessions(actor, parsed.data)
    return undefined
  })
}
