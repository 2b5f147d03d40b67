// A project's team on a real database: managers add users by e-mail, change roles and remove
// members; the project always keeps an active manager (also when two managers demote each other at
// once); a removed member's tags stay; every change is in the append-only audit log.
import { beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../lib/auth/actor'
import { db } from '../../lib/db/client'
import { addMember as addMemberService, changeMemberRole, listProjectAudit, listProjectMembers, removeMember } from '../../lib/services/members'
import { actorOf, addMember, createTestUser, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

let projectId: string
let manager: Actor
let managerId: string
let reviewerId: string
let newcomer: { id: string; email: string }
const origin = 'https://tagbench.example.cn'

beforeEach(async () => {
  projectId = (await db.project.create({ data: { name: uniqueName('unit-members') } })).id
  const [m, r, n] = await Promise.all([createTestUser('members-manager'), createTestUser('members-reviewer'), createTestUser('members-newcomer')])
  managerId = m.id
  reviewerId = r.id
  newcomer = { id: n.id, email: n.email }
  await addMember(projectId, m.id, 'manager')
  await addMember(projectId, r.id, 'reviewer')
  manager = await actorOf(m.id)
})

const roleOf = async (userId: string) => (await db.membership.findUnique({ where: { projectId_userId: { projectId, userId } } }))?.role ?? null

describe('project members', () => {
  it('a manager adds an existing user by e-mail with a role; a second add is refused', async () => {
    const added = await addMemberService(manager, { projectId, email: newcomer.email, role: 'annotator', origin })
    expect(added).toMatchObject({ userId: newcomer.id, role: 'annotator', disabled: false })
    expect(await roleOf(newcomer.id)).toBe('annotator')
    const again = await domainErrorOf(addMemberService(manager, { projectId, email: newcomer.email, role: 'reviewer', origin }))
    expect(again.code).toBe('conflict')
    expect(again.message).toContain('already a member of this project (as annotator)')
    const list = await listProjectMembers(manager, { projectId })
    expect(list.items.map((m) => m.role)).toEqual(['manager', 'reviewer', 'annotator'])
  })

  it('an address no user has becomes a new user without a password, a member, and an invitation link shown once', async () => {
    const added = await addMemberService(manager, { projectId, email: 'new-colleague@tagbench.test', role: 'reviewer', origin })
    expect(added).toMatchObject({ email: 'new-colleague@tagbench.test', name: 'new-colleague', role: 'reviewer', invited: true })
    expect(added.invitation?.url).toMatch(/^https:\/\/tagbench\.example\.cn\/invite\/[A-Za-z0-9_-]{43}$/)
    const user = await db.user.findUniqueOrThrow({ where: { email: 'new-colleague@tagbench.test' } })
    expect(user.passwordHash).toBeNull()
    expect(await roleOf(user.id)).toBe('reviewer')
    // Only the hash is stored.
    const token = added.invitation!.url.split('/').at(-1)!
    expect(await db.invitation.count({ where: { userId: user.id, tokenHash: { not: token } } })).toBe(1)
    expect((await listProjectAudit(manager, { projectId })).items.map((e) => e.action)).toEqual(['member.added', 'user.created'])
  })

  it('only a manager manages members; a non-member does not learn the project exists', async () => {
    const reviewer = await actorOf(reviewerId)
    expect((await domainErrorOf(addMemberService(reviewer, { projectId, email: newcomer.email, role: 'manager', origin }))).code).toBe('forbidden')
    expect((await domainErrorOf(changeMemberRole(reviewer, { projectId, userId: reviewerId, role: 'manager' }))).code).toBe('forbidden')
    const outsider = await actorOf(newcomer.id)
    expect((await domainErrorOf(removeMember(outsider, { projectId, userId: reviewerId }))).code).toBe('not_found')
    expect(await roleOf(reviewerId)).toBe('reviewer')
  })

  it('never demotes or removes the last active manager', async () => {
    const demote = await domainErrorOf(changeMemberRole(manager, { projectId, userId: managerId, role: 'reviewer' }))
    expect(demote.code).toBe('conflict')
    expect(demote.message).toContain('last manager')
    expect((await domainErrorOf(removeMember(manager, { projectId, userId: managerId }))).code).toBe('conflict')
    // A deactivated manager does not count: the active one is still the last.
    const gone = await createTestUser('members-disabled-manager')
    await addMember(projectId, gone.id, 'manager')
    await db.user.update({ where: { id: gone.id }, data: { disabled: true } })
    expect((await domainErrorOf(removeMember(manager, { projectId, userId: managerId }))).code).toBe('conflict')
    expect(await roleOf(managerId)).toBe('manager')
    // With a second active manager, the first may step down.
    await changeMemberRole(manager, { projectId, userId: reviewerId, role: 'manager' })
    await changeMemberRole(manager, { projectId, userId: managerId, role: 'annotator' })
    expect(await roleOf(managerId)).toBe('annotator')
  })

  it('two managers demoting each other at once leave one manager', async () => {
    await changeMemberRole(manager, { projectId, userId: reviewerId, role: 'manager' })
    const other = await actorOf(reviewerId)
    const results = await Promise.allSettled([
      changeMemberRole(manager, { projectId, userId: reviewerId, role: 'annotator' }),
      changeMemberRole(other, { projectId, userId: managerId, role: 'annotator' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const managers = await db.membership.count({ where: { projectId, role: 'manager' } })
    expect(managers).toBe(1)
  })

  it("a removed member's tags stay, attributed; their unfinished assignments go", async () => {
    await addMemberService(manager, { projectId, email: newcomer.email, role: 'annotator', origin })
    const label = await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })
    const text = '全面推行行政执法公示制度。'
    const document = await db.document.create({ data: { projectId, title: '报告', text, textSha256: uniqueName('sha'), length: text.length } })
    await db.tag.create({ data: { projectId, documentId: document.id, labelId: label.id, start: 0, end: 4, quote: '全面推行', authorId: newcomer.id } })
    await db.assignment.create({ data: { documentId: document.id, userId: newcomer.id } })
    await removeMember(manager, { projectId, userId: newcomer.id })
    expect(await roleOf(newcomer.id)).toBeNull()
    expect(await db.tag.count({ where: { documentId: document.id, authorId: newcomer.id } })).toBe(1)
    expect(await db.assignment.count({ where: { documentId: document.id, userId: newcomer.id } })).toBe(0)
  })

  it("the members list shows each member's tags in this project and their last activity", async () => {
    await addMemberService(manager, { projectId, email: newcomer.email, role: 'annotator', origin })
    const label = await db.label.create({ data: { projectId, name: '执法', color: '#2563eb' } })
    const text = '全面推行行政执法公示制度。'
    const document = await db.document.create({ data: { projectId, title: '报告', text, textSha256: uniqueName('sha'), length: text.length } })
    await db.tag.create({ data: { projectId, documentId: document.id, labelId: label.id, start: 0, end: 4, quote: '全面推行', authorId: newcomer.id } })
    await db.tag.create({ data: { projectId, documentId: document.id, labelId: label.id, start: 4, end: 8, quote: '行政执法', authorId: newcomer.id, deletedAt: new Date() } })
    const seen = new Date('2026-11-30T08:15:00Z')
    await db.session.create({ data: { id: uniqueName('session'), userId: newcomer.id, lastSeenAt: seen, expiresAt: new Date(Date.now() + 86_400_000) } })
    const { items } = await listProjectMembers(manager, { projectId })
    const row = items.find((m) => m.userId === newcomer.id)!
    expect(row.tagCount).toBe(1)
    expect(row.lastActiveAt).toBe(seen.toISOString())
    expect(items.find((m) => m.userId === reviewerId)).toMatchObject({ tagCount: 0, lastActiveAt: null })
  })

  it('writes every change to the audit log, which cannot be altered', async () => {
    await addMemberService(manager, { projectId, email: newcomer.email, role: 'annotator', origin })
    await changeMemberRole(manager, { projectId, userId: newcomer.id, role: 'reviewer' })
    await changeMemberRole(manager, { projectId, userId: newcomer.id, role: 'reviewer' }) // no change, no entry
    await removeMember(manager, { projectId, userId: newcomer.id })
    const { items } = await listProjectAudit(manager, { projectId })
    expect(items.map((e) => [e.action, e.before, e.after])).toEqual([
      ['member.removed', { role: 'reviewer' }, null],
      ['member.role_changed', { role: 'annotator' }, { role: 'reviewer' }],
      ['member.added', null, { role: 'annotator' }],
    ])
    expect(new Set(items.map((e) => e.targetName)).size).toBe(1)
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET action = 'x' WHERE "projectId" = ${projectId}`).rejects.toThrow(/append-only/)
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "projectId" = ${projectId}`).rejects.toThrow(/append-only/)
  })
})
