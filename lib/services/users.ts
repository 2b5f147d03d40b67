import { randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Actor } from '../auth/actor'
import { hashPassword } from '../auth/password'
import { authorizeInstance } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql, withTransaction, type Connection } from '../db/sql'
import { conflict, invalid, notFound } from '../errors'
import { parseUserList, type listUsersQuery, type UserView } from '../schemas/users'
import { writeAudit, type AuditAction } from './audit'
import { deliverInvitation, issueInvitation, type IssuedInvitation } from './invitations'

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

// ── Instance admins run the team from the app (issue 12): list, create with an invitation link,
// deactivate and reactivate, reset a password (a new link), grant and take the admin right. Every
// change is in the audit log; the instance always keeps one active admin.

const userColumns = sql`u.id, u.email, u.name, u."isAdmin", NOT u.disabled AS active, (u."passwordHash" IS NULL) AS invited, u."createdAt",
  GREATEST((SELECT max(s."lastSeenAt") FROM "Session" s WHERE s."userId" = u.id), (SELECT max(k."lastUsedAt") FROM "ApiToken" k WHERE k."userId" = u.id)) AS "lastActiveAt",
  (SELECT count(*)::int FROM "Membership" m WHERE m."userId" = u.id) AS "projectCount"`

interface UserRow {
  id: string
  email: string
  name: string
  isAdmin: boolean
  active: boolean
  invited: boolean
  createdAt: Date
  lastActiveAt: Date | null
  projectCount: number
}

const userView = (r: UserRow): UserView => ({ ...r, createdAt: r.createdAt.toISOString(), lastActiveAt: r.lastActiveAt?.toISOString() ?? null })

async function userById(tx: Connection, userId: string): Promise<UserView> {
  const [row] = await tx.query<UserRow>(sql`SELECT ${userColumns} FROM "User" u WHERE u.id = ${userId}`)
  if (!row) throw notFound('The user', { key: 'users.notFound' })
  return userView(row)
}

/** Users matching a part of their name or e-mail, filtered by active and admin, by name. */
export async function listUsers(actor: Actor, input: z.output<typeof listUsersQuery>) {
  authorizeInstance(actor, 'user.list')
  const pattern = input.q ? `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const where = sql`WHERE (${pattern}::text IS NULL OR u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})
    AND (${input.active ?? null}::boolean IS NULL OR u.disabled = NOT ${input.active ?? null}::boolean)
    AND (${input.admin ?? null}::boolean IS NULL OR u."isAdmin" = ${input.admin ?? null}::boolean)`
  const [rows, [count]] = await Promise.all([
    query<UserRow>(sql`SELECT ${userColumns} FROM "User" u ${where} ORDER BY u.name, u.email LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`),
    query<{ total: number }>(sql`SELECT count(*)::int AS total FROM "User" u ${where}`),
  ])
  return { items: rows.map(userView), total: count.total, page: input.page, pageSize: input.pageSize }
}

const emailTaken = (email: string) => conflict(`A user with the e-mail address ${email} already exists.`, undefined, { key: 'users.emailTaken', values: { email } })

/**
 * A user without a password and their invitation link, on the caller's transaction (also used when
 * a manager adds an address no user has yet). The link is delivered after the commit.
 */
export async function insertInvitedUser(tx: Connection, actorId: string, input: { email: string; name: string }, audit: { projectId?: string } = {}) {
  const userId = randomUUID()
  const inserted = await tx.query<{ id: string }>(sql`INSERT INTO "User" (id, email, name) VALUES (${userId}, ${input.email}, ${input.name}) ON CONFLICT (email) DO NOTHING RETURNING id`)
  if (!inserted.length) throw emailTaken(input.email)
  const issued = await issueInvitation(tx, { userId, createdById: actorId, purpose: 'invite' })
  await writeAudit(tx, { actorId, action: 'user.created', projectId: audit.projectId ?? null, targetUserId: userId, before: null, after: { email: input.email, name: input.name } })
  return { userId, issued }
}

/** One new user (by e-mail and name) with an invitation link through which they set their password. */
export async function createInvitedUser(actor: Actor, input: { email: string; name: string; origin: string }) {
  authorizeInstance(actor, 'user.create')
  const { user, issued } = await withTransaction(async (tx) => {
    const { userId, issued } = await insertInvitedUser(tx, actor.id, input)
    return { user: await userById(tx, userId), issued }
  })
  return { user, invitation: await deliverInvitation(issued, user, 'invite', input.origin) }
}

/**
 * Several users from a pasted list (lib/schemas/users.ts parseUserList). A bad line refuses the
 * whole list, nothing created; addresses that already have a user are skipped and named.
 */
export async function createInvitedUsers(actor: Actor, input: { list: string; origin: string }) {
  authorizeInstance(actor, 'user.create')
  const { entries, problems } = parseUserList(input.list)
  if (problems.length) throw invalid(problems.join(' '), problems.map((message) => ({ path: 'list', message })), { key: 'users.badList', values: { problems: problems.join(' ') } })
  const done = await withTransaction(async (tx) => {
    const existing = new Set((await tx.query<{ email: string }>(sql`SELECT email FROM "User" WHERE email = ANY(${entries.map((e) => e.email)}::text[])`)).map((r) => r.email))
    const created: { user: UserView; issued: IssuedInvitation }[] = []
    for (const entry of entries) {
      if (existing.has(entry.email)) continue
      const { userId, issued } = await insertInvitedUser(tx, actor.id, entry)
      created.push({ user: await userById(tx, userId), issued })
    }
    return { created, skipped: entries.filter((e) => existing.has(e.email)).map((e) => e.email) }
  })
  const created = []
  for (const c of done.created) created.push({ user: c.user, invitation: await deliverInvitation(c.issued, c.user, 'invite', input.origin) })
  return { created, skipped: done.skipped }
}

/** Ends every way in a user has: their sessions (rows gone, sessionVersion bumped for older cookies) and tokens (revoked). */
async function cutOff(tx: Connection, userId: string) {
  await tx.query(sql`UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE id = ${userId}`)
  await tx.query(sql`DELETE FROM "Session" WHERE "userId" = ${userId}`)
  await tx.query(sql`UPDATE "ApiToken" SET "revokedAt" = now() WHERE "userId" = ${userId} AND "revokedAt" IS NULL`)
}

/**
 * Deactivate or reactivate, grant or take admin, reset the password (a new invitation link): each
 * in one transaction with its audit row. The active admins are locked first, so that two admins
 * demoting each other at once cannot leave the instance without one.
 */
export async function updateUser(actor: Actor, input: { userId: string; active?: boolean; admin?: boolean; resetPassword?: true; origin: string }) {
  authorizeInstance(actor, input.resetPassword ? 'user.resetPassword' : 'user.manage')
  const { user, issued } = await withTransaction(async (tx) => {
    const admins = await tx.query<{ id: string }>(sql`SELECT id FROM "User" WHERE "isAdmin" AND NOT disabled ORDER BY id FOR UPDATE`)
    const [target] = await tx.query<{ id: string; isAdmin: boolean; disabled: boolean }>(sql`SELECT id, "isAdmin", disabled FROM "User" WHERE id = ${input.userId} FOR UPDATE`)
    if (!target) throw notFound('The user', { key: 'users.notFound' })
    const losesAdmin = (input.admin === false && target.isAdmin) || (input.active === false && target.isAdmin && !target.disabled)
    if (losesAdmin && !admins.some((a) => a.id !== target.id)) {
      throw conflict('This is the last active instance admin: make someone else an admin first, so that the instance keeps one.', undefined, { key: 'users.lastAdmin' })
    }
    const audit = (action: AuditAction, before: unknown, after: unknown) => writeAudit(tx, { actorId: actor.id, action, targetUserId: target.id, before, after })
    if (input.active !== undefined && input.active === target.disabled) {
      await tx.query(sql`UPDATE "User" SET disabled = ${!input.active} WHERE id = ${target.id}`)
      if (!input.active) await cutOff(tx, target.id)
      await audit(input.active ? 'user.reactivated' : 'user.deactivated', { active: !input.active }, { active: input.active })
    }
    if (input.admin !== undefined && input.admin !== target.isAdmin) {
      await tx.query(sql`UPDATE "User" SET "isAdmin" = ${input.admin} WHERE id = ${target.id}`)
      await audit(input.admin ? 'user.admin_granted' : 'user.admin_revoked', { admin: target.isAdmin }, { admin: input.admin })
    }
    let issued: IssuedInvitation | null = null
    if (input.resetPassword) {
      await tx.query(sql`UPDATE "User" SET "passwordHash" = NULL WHERE id = ${target.id}`)
      await cutOff(tx, target.id)
      issued = await issueInvitation(tx, { userId: target.id, createdById: actor.id, purpose: 'reset' })
      await audit('user.password_reset', null, null)
    }
    return { user: await userById(tx, target.id), issued }
  })
  return { user, invitation: issued ? await deliverInvitation(issued, user, 'reset', input.origin) : null }
}
