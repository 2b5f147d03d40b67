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

/** Sets a new password and ends every session of that user. */
export async function resetPassword(actor: Actor | 'system', input: { email: string; password: string }) {
  if (actor !== 'system') authorizeInstance(actor, 'user.resetPassword')
  const { email, password } = newUserSchema.pick({ email: true, password: true }).parse(input)
  const { count } = await db.user.updateMany({
    where: { email },
    data: { passwordHash: await hashPassword(password), sessionVersion: { increment: 1 } },
  })
  if (count === 0) throw notFound(`The user ${email}`, { key: 'user.notFound', values: { email } })
}
