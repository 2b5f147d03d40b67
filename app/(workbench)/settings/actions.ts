'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { endSessions, endSessionSchema } from '@/lib/auth/sessions'
import { currentActor } from '@/lib/auth/session'
import { DomainError } from '@/lib/errors'
import { createTokenSchema, revokeTokenSchema } from '@/lib/schemas/tokens'
import { createToken, revokeToken } from '@/lib/services/tokens'

export type TokenActionResult = { ok: true; secret?: string } | { ok: false; error: string }

async function run(work: () => Promise<string | undefined>): Promise<TokenActionResult> {
  try {
    const secret = await work()
    revalidatePath('/settings')
    return { ok: true, secret }
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.message }
    throw error
  }
}

export async function createTokenAction(input: { name: string }): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: t('sessionEnded') }
  const parsed = createTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: t('nameRequired') }
  return run(async () => (await createToken(actor, parsed.data)).secret)
}

export async function revokeTokenAction(input: { id: string }): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: t('sessionEnded') }
  const parsed = revokeTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: t('badToken') }
  return run(async () => {
    await revokeToken(actor, parsed.data)
    return undefined
  })
}

/** Ends one of the user's other sessions, all others, or all (this one included). */
export async function endSessionsAction(input: unknown): Promise<TokenActionResult> {
  const t = await getTranslations('settings')
  const actor = await currentActor()
  if (!actor) return { ok: false, error: t('sessionEnded') }
  const parsed = endSessionSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: t('badSession') }
  return run(async () => {
    await endSessions(actor, parsed.data)
    return undefined
  })
}
