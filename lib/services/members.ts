// A project's team: who is in it with which role. Managers add users by e-mail (an address no user
// has yet gets an invitation link), change roles and remove members; every change is in the audit log (AuditEvent, append-only). A project
// always keeps one active manager. Removing a member keeps their tags and history (attributed).
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeProject, authorizeProjectRead } from '../auth/permissions'
import { db } from '../db/client'
import { query, sql, withTransaction, type Connection } from '../db/sql'
import { conflict, notFound } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import type { MemberView } from '../schemas/members'
import type { InvitationLinkView } from '../schemas/invitations'
import { writeAudit } from './audit'
import { deliverInvitation } from './invitations'
import { insertInvitedUser } from './users'

/** The project's members with their roles (for filters and assignment). */
export async function listMembers(actor: Actor, input: { projectId: string }) {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await db.membership.findMany({
    where: { projectId: input.projectId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: 'asc' }, { user: { name: 'asc' } }],
  })
  return rows.map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email, role: m.role }))
}

interface MemberRow {
  userId: string
  name: string
  email: string
  role: ProjectRole
  disabled: boolean
  invited: boolean
  joinedAt: Date
  lastActiveAt: Date | null
  tagCount: number
}

const memberView = (r: MemberRow): MemberView => ({
  userId: r.userId,
  name: r.name,
  email: r.email,
  role: r.role,
  disabled: r.disabled,
  invited: r.invited,
  joinedAt: r.joinedAt.toISOString(),
  lastActiveAt: r.lastActiveAt?.toISOString() ?? null,
  tagCount: r.tagCount,
})

// Last active: the latest use of any of their sessions or tokens (both coarse, to the minute). Tags: theirs in this project, not deleted.
const memberColumns = sql`u.id AS "userId", u.name, u.email, m.role, u.disabled, (u."passwordHash" IS NULL) AS invited, m."createdAt" AS "joinedAt",
  GREATEST((SELECT max(s."lastSeenAt") FROM "Session" s WHERE s."userId" = u.id), (SELECT max(k."lastUsedAt") FROM "ApiToken" k WHERE k."userId" = u.id)) AS "lastActiveAt",
  (SELECT count(*)::int FROM "Tag" t WHERE t."projectId" = m."projectId" AND t."authorId" = u.id AND t."deletedAt" IS NULL) AS "tagCount"`

/** The members page: everyone in the project, managers first. */
export async function listProjectMembers(actor: Actor, input: { projectId: string }): Promise<{ items: MemberView[] }> {
  authorizeProject(actor, input.projectId, 'project.read')
  const rows = await query<MemberRow>(sql`
    SELECT ${memberColumns} FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."projectId" = ${input.projectId}
    ORDER BY CASE m.role WHEN 'manager' THEN 0 WHEN 'reviewer' THEN 1 ELSE 2 END, u.name, u.email`)
  return { items: rows.map(memberView) }
}

/**
 * The project's memberships, locked until the transaction ends: two managers demoting each other at
 * once must not leave the project without one.
 */
async function lockedMembers(tx: Connection, projectId: string) {
  return tx.query<{ userId: string; role: ProjectRole; disabled: boolean }>(sql`
    SELECT m."userId", m.role, u.disabled FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."projectId" = ${projectId} ORDER BY m.id FOR UPDATE OF m`)
}

function keepAManager(members: { userId: string; role: ProjectRole; disabled: boolean }[], leaving: string) {
  const others = members.filter((m) => m.role === 'manager' && !m.disabled && m.userId !== leaving)
  if (others.length === 0) {
    throw conflict('This is the project’s last manager: make someone else a manager first, so that the project keeps one.', undefined, { key: 'members.lastManager' })
  }
}

const memberNotFound = () => notFound('The member', { key: 'members.notFound' })

/**
 * Adds a user by e-mail with a role. An address no user has yet becomes a new user with an
 * invitation link (their name is the address's local part until they are renamed), answered once.
 */
export async function addMember(actor: Actor, input: { projectId: string; email: string; role: ProjectRole; origin: string }): Promise<MemberView & { invitation: InvitationLinkView | null }> {
  authorizeProject(actor, input.projectId, 'members.manage')
  const { member, issued } = await withTransaction(async (tx) => {
    const [user] = await tx.query<{ id: string; disabled: boolean }>(sql`SELECT id, disabled FROM "User" WHERE email = ${input.email}`)
    const members = await lockedMembers(tx, input.projectId)
    const existing = user && members.find((m) => m.userId === user.id)
    if (existing) {
      throw conflict(`${input.email} is already a member of this project (as ${existing.role}); change their role instead.`, undefined, {
        key: 'members.alreadyMember',
        values: { email: input.email, role: existing.role },
      })
    }
    const invited = user ? null : await insertInvitedUser(tx, actor.id, { email: input.email, name: input.email.split('@')[0] }, { projectId: input.projectId })
    const userId = user?.id ?? invited!.userId
    await tx.query(sql`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES (${randomUUID()}, ${input.projectId}, ${userId}, ${input.role}::"ProjectRole")`)
    await writeAudit(tx, { actorId: actor.id, action: 'member.added', projectId: input.projectId, targetUserId: userId, before: null, after: { role: input.role } })
    const [row] = await tx.query<MemberRow>(sql`SELECT ${memberColumns} FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = ${input.projectId} AND m."userId" = ${userId}`)
    return { member: memberView(row), issued: invited?.issued ?? null }
  })
  return { ...member, invitation: issued ? await deliverInvitation(issued, member, 'invite', input.origin) : null }
}

export async function changeMemberRole(actor: Actor, input: { projectId: string; userId: string; role: ProjectRole }): Promise<MemberView> {
  authorizeProject(actor, input.projectId, 'members.manage')
  return withTransaction(async (tx) => {
    const members = await lockedMembers(tx, input.projectId)
    const member = members.find((m) => m.userId === input.userId)
    if (!member) throw memberNotFound()
    if (member.role !== input.role) {
      if (member.role === 'manager') keepAManager(members, input.userId)
      await tx.query(sql`UPDATE "Membership" SET role = ${input.role}::"ProjectRole" WHERE "projectId" = ${input.projectId} AND "userId" = ${input.userId}`)
      await writeAudit(tx, { actorId: actor.id, action: 'member.role_changed', projectId: input.projectId, targetUserId: input.userId, before: { role: member.role }, after: { role: input.role } })
    }
    const [row] = await tx.query<MemberRow>(sql`SELECT ${memberColumns} FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = ${input.projectId} AND m."userId" = ${input.userId}`)
    return memberView(row)
  })
}

/** Takes a member out of the project; their tags, reviews and history stay, under their name. */
export async function removeMember(actor: Actor, input: { projectId: string; userId: string }): Promise<{ removed: true }> {
  authorizeProject(actor, input.projectId, 'members.manage')
  await withTransaction(async (tx) => {
    const members = await lockedMembers(tx, input.projectId)
    const member = members.find((m) => m.userId === input.userId)
    if (!member) throw memberNotFound()
    if (member.role === 'manager') keepAManager(members, input.userId)
    // Their unfinished assignments go with them (a to-do for someone no longer in the team); finished ones stay as a record.
    await tx.query(sql`DELETE FROM "Assignment" WHERE "userId" = ${input.userId} AND state <> 'done' AND "documentId" IN (SELECT id FROM "Document" WHERE "projectId" = ${input.projectId})`)
    await tx.query(sql`DELETE FROM "Membership" WHERE "projectId" = ${input.projectId} AND "userId" = ${input.userId}`)
    await writeAudit(tx, { actorId: actor.id, action: 'member.removed', projectId: input.projectId, targetUserId: input.userId, before: { role: member.role }, after: null })
  })
  return { removed: true }
}

/** The project's audit log, newest first (managers). */
export async function listProjectAudit(actor: Actor, input: { projectId: string }) {
  authorizeProjectRead(actor, input.projectId, 'members.manage')
  const rows = await query<{ id: string; action: string; actorName: string; targetName: string | null; before: unknown; after: unknown; createdAt: Date }>(sql`
    SELECT e.id, e.action, a.name AS "actorName", t.name AS "targetName", e.before, e.after, e."createdAt"
    FROM "AuditEvent" e JOIN "User" a ON a.id = e."actorId" LEFT JOIN "User" t ON t.id = e."targetUserId"
    WHERE e."projectId" = ${input.projectId}
    ORDER BY e.seq DESC LIMIT 200`)
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) }
}
