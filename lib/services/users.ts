import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Actor } from '../auth/actor'
import { hashPassword } from '../auth/password'
import { authorizeInstance } from '../auth/permissions'
import { db } from '../db/client'
import { conflict, notFound } from '../errors'

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  isAdmin: z.boolean().default(false),
})

export function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}

export async function createUser(actor: Actor | 'system', input: z.input<typeof newUserSchema>) {
  if (actor !== 'system') authorizeInstance(actor, 'user.create')
  const data = newUserSchema.parse(input)
  if (await db.user.findUnique({ where: { email: data.email } })) throw conflict(`A user with the email ${data.email} already exists.`, undefined, { key: 'user.emailTaken', values: { email: data.email } })
  return db.user.create({
    data: { email: data.email, name: data.name, isAdmin: data.isAdmin, passwordHash: await hashPassword(data.password) },
    select: { id: true, email: true, name: true, isAdmin: true },
  })
}

/**
 * Sets a new password and ends every way in that the old one gave: the user's sessions (rows
 * deleted, and sessionVersion bumped for any older cookie) and their personal access tokens
 * (revoked), all in one transaction. Returns how many tokens were revoked.
 */
export async function resetPassword(actor: Actor | 'system', input: { email: string; password: string }) {
  if (actor !== 'system') authorizeInstance(actor, 'user.resetPassword')
  const { email, password } = newUserSchema.pick({ email: true, password: true }).parse(input)
  const passwordHash = await hashPassword(password)
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } })
    if (!user) throw notFound(`The user ${email}`, { key: 'user.notFound', values: { email } })
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } })
    await tx.session.deleteMany({ where: { userId: user.id } })
    const { count } = await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } })
    return { revokedTokens: count }
  })
}
