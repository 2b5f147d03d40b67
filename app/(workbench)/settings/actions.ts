'use server'

import { revalidatePath } from 'next/cache'
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
  const actor = await currentActor()
  if (!actor) return { ok: false, error: 'Your session has ended; sign in again.' }
  const parsed = createTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message }
  return run(async () => (await createToken(actor, parsed.data)).secret)
}

export async function revokeTokenAction(input: { id: string }): Promise<TokenActionResult> {
  const actor = await currentActor()
  if (!actor) return { ok: false, error: 'Your session has ended; sign in again.' }
  const parsed = revokeTokenSchema.safeParse(input)
  if (!parsed.success) return { ok: false, error: 'That token id is not valid.' }
  return run(async () => {
    await revokeToken(actor, parsed.data)
    return undefined
  })
}
