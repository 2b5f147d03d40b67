// Running a team on a real database (issue 12): users with invitation links, deactivation that cuts
// off a live session and a token at the next request, password resets, the last active admin,
// projects with a starting taxonomy, archiving, changing one's own password, and the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSessionActor, loadTokenActor, type Actor } from '../../lib/auth/actor'
import { hashPassword, verifyPassword } from '../../lib/auth/password'
import { authorizeProject, authorizeProjectRead } from '../../lib/auth/permissions'
import { startSession } from '../../lib/auth/sessions'
import { hashToken } from '../../lib/auth/tokens'
import { db } from '../../lib/db/client'
import { listAudit } from '../../lib/services/audit'
import { listAssignments } from '../../lib/services/assignments'
import { createBatch, listBatches } from '../../lib/services/ingest'
import { changeOwnPassword, passwordChangeLimiter } from '../../lib/services/account'
import { inspectInvitation, redeemInvitation } from '../../lib/services/invitations'
import { administerProject, createProject, demoTaxonomyLabels, getProject, listProjects, parseTaxonomyFile } from '../../lib/services/projects'
import { createToken } from '../../lib/services/tokens'
import { createInvitedUser, createInvitedUsers, listUsers, updateUser } from '../../lib/services/users'
import { actorOf, domainErrorOf, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const origin = 'https://tagbench.example.cn'
const tokenOf = (url: string) => url.split('/').at(-1)!
/** Who a request with this bearer token is, as lib/auth/session.ts actorFromRequest decides it (null: refused with 401). */
const tokenUser = async (secret: string) => {
  const token = await loadTokenActor(hashToken(secret))
  return token && !token.revokedAt && token.actor ? token.actor.id : null
}
let admin: Actor

beforeEach(async () => {
  const name = uniqueName('team-admin')
  const user = await db.user.create({ data: { email: `${name}@unit.test`, name, passwordHash: 'not-a-real-hash', isAdmin: true } })
  admin = await actorOf(user.id)
})

afterEach(async () => {
  await db.user.update({ where: { id: admin.id }, data: { isAdmin: false } })
})

const newPerson = () => {
  const name = uniqueName('team-person')
  return { email: `${name}@unit.test`, name }
}

describe('users and invitation links', () => {
  it('an admin creates a user without a password; the link, used once, sets it; a second use is refused with a sentence', async () => {
    const person = newPerson()
    const { user, invitation } = await createInvitedUser(admin, { ...person, origin })
    expect(user).toMatchObject({ email: person.email, invited: true, active: true, isAdmin: false })
    expect(invitation.url).toMatch(/^https:\/\/tagbench\.example\.cn\/invite\/[A-Za-z0-9_-]{43}$/)
    expect(invitation.mailed).toBe(false)
    const token = tokenOf(invitation.url)
    // Only the hash is stored.
    expect(await db.invitation.count({ where: { tokenHash: token } })).toBe(0)
    expect(await inspectInvitation(token)).toMatchObject({ state: 'valid', email: person.email })
    const redeemed = await redeemInvitation({ token, password: 'a good long password', address: '10.0.0.1' })
    expect(redeemed.email).toBe(person.email)
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(await verifyPassword(row.passwordHash!, 'a good long password')).toBe(true)
    expect(await inspectInvitation(token)).toEqual({ state: 'used' })
    const again = await domainErrorOf(redeemInvitation({ token, password: 'another long password', address: '10.0.0.1' }))
    expect(again.i18n?.key).toBe('invitations.used')
    expect(again.message).toMatch(/already used/)
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, 'a good long password')).toBe(true)
    // The same address again is a conflict, not a second user.
    expect((await domainErrorOf(createInvitedUser(admin, { ...person, origin }))).code).toBe('conflict')
  })

  it('an expired link, a made-up one and one replaced by a newer link are refused, saying what to do', async () => {
    const { user, invitation } = await createInvitedUser(admin, { ...newPerson(), origin })
    const first = tokenOf(invitation.url)
    await db.invitation.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const expired = await domainErrorOf(redeemInvitation({ token: first, password: 'a good long password', address: '10.0.0.2' }))
    expect(expired.i18n?.key).toBe('invitations.expired')
    expect(expired.message).toMatch(/expired\. Ask an admin/)
    expect((await domainErrorOf(redeemInvitation({ token: 'x'.repeat(43), password: 'a good long password', address: '10.0.0.2' }))).i18n?.key).toBe('invitations.unknown')
    // A reset issues a new link; an older one that was still valid stops working.
    const reset = await updateUser(admin, { userId: user.id, resetPassword: true, origin })
    const second = tokenOf(reset.invitation!.url)
    const third = tokenOf((await updateUser(admin, { userId: user.id, resetPassword: true, origin })).invitation!.url)
    expect((await inspectInvitation(second)).state).toBe('expired')
    await redeemInvitation({ token: third, password: 'a good long password', address: '10.0.0.2' })
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).not.toBeNull()
  })

  it('two redemptions of one link at once: exactly one sets the password', async () => {
    const { invitation } = await createInvitedUser(admin, { ...newPerson(), origin })
    const token = tokenOf(invitation.url)
    const results = await Promise.allSettled([
      redeemInvitation({ token, password: 'first long password', address: '10.0.0.3' }),
      redeemInvitation({ token, password: 'second long password', address: '10.0.0.4' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('deactivation cuts off a live session and an API token at their next request; reactivation lets the user sign in again', async () => {
    const person = newPerson()
    const user = await db.user.create({ data: { ...person, passwordHash: await hashPassword('their own password') } })
    const sessionId = await startSession(user.id, { userAgent: 'test', address: '10.0.0.5' })
    const sessionActor = await loadSessionActor(user.id, 0, sessionId)
    expect(sessionActor?.actor.id).toBe(user.id)
    const { secret } = await createToken(sessionActor!.actor, { name: 'script' })
    expect(await tokenUser(secret)).toBe(user.id)

    const { user: after } = await updateUser(admin, { userId: user.id, active: false, origin })
    expect(after.active).toBe(false)
    const version = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion
    expect(await loadSessionActor(user.id, 0, sessionId)).toBeNull()
    expect(await loadSessionActor(user.id, version, sessionId)).toBeNull()
    expect(await tokenUser(secret)).toBeNull()
    // Their tags and history stay: the row is there, only disabled.
    expect(await db.user.count({ where: { id: user.id, disabled: true } })).toBe(1)

    await updateUser(admin, { userId: user.id, active: true, origin })
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabled).toBe(false)
    const fresh = await startSession(user.id, { userAgent: 'test', address: '10.0.0.5' })
    expect((await loadSessionActor(user.id, version, fresh))?.actor.id).toBe(user.id)
    // The revoked token does not come back.
    expect(await tokenUser(secret)).toBeNull()
  })

  it('a password reset ends the sessions and tokens and clears the password; the new link sets one', async () => {
    const user = await db.user.create({ data: { ...newPerson(), passwordHash: await hashPassword('their old password') } })
    const sessionId = await startSession(user.id, { address: '10.0.0.6' })
    const { secret } = await createToken((await loadSessionActor(user.id, 0, sessionId))!.actor, { name: 'script' })
    const { invitation } = await updateUser(admin, { userId: user.id, resetPassword: true, origin })
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.apiToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0)
    expect(await tokenUser(secret)).toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull()
    await redeemInvitation({ token: tokenOf(invitation!.url), password: 'their new password', address: '10.0.0.6' })
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, 'their new password')).toBe(true)
  })

  it('never takes the admin right from, or deactivates, the last active admin', async () => {
    // Make this test's admin the only active one for the length of the test.
    const others = await db.user.findMany({ where: { isAdmin: true, disabled: false, id: { not: admin.id } }, select: { id: true } })
    await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { isAdmin: false } })
    try {
      const revoke = await domainErrorOf(updateUser(admin, { userId: admin.id, admin: false, origin }))
      expect(revoke.code).toBe('conflict')
      expect(revoke.i18n?.key).toBe('users.lastAdmin')
      expect((await domainErrorOf(updateUser(admin, { userId: admin.id, active: false, origin }))).code).toBe('conflict')
      expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).isAdmin).toBe(true)
      // A deactivated admin does not count.
      const gone = await db.user.create({ data: { ...newPerson(), isAdmin: true, disabled: true } })
      expect((await domainErrorOf(updateUser(admin, { userId: admin.id, admin: false, origin }))).code).toBe('conflict')
      // With a second active admin, the first may step down.
      await updateUser(admin, { userId: gone.id, active: true, origin })
      await updateUser(admin, { userId: admin.id, admin: false, origin })
      expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).isAdmin).toBe(false)
      await db.user.update({ where: { id: gone.id }, data: { isAdmin: false } })
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { isAdmin: true } })
    }
  })

  it('only admins list and change users', async () => {
    const person = await db.user.create({ data: { ...newPerson(), passwordHash: 'x' } })
    const plain = await actorOf(person.id)
    expect((await domainErrorOf(listUsers(plain, { page: 1, pageSize: 10 }))).code).toBe('forbidden')
    expect((await domainErrorOf(createInvitedUser(plain, { ...newPerson(), origin }))).code).toBe('forbidden')
    expect((await domainErrorOf(updateUser(plain, { userId: plain.id, admin: true, origin }))).code).toBe('forbidden')
  })

  it('lists users by a part of the name or e-mail, and by active and admin', async () => {
    const tag = uniqueName('findme')
    const active = await db.user.create({ data: { email: `${tag}-a@unit.test`, name: `${tag} 甲`, passwordHash: 'x' } })
    await db.user.create({ data: { email: `${tag}-b@unit.test`, name: `${tag} 乙`, passwordHash: 'x', disabled: true } })
    expect((await listUsers(admin, { q: tag, page: 1, pageSize: 10 })).total).toBe(2)
    expect((await listUsers(admin, { q: tag, active: true, page: 1, pageSize: 10 })).items.map((u) => u.id)).toEqual([active.id])
    expect((await listUsers(admin, { q: tag, active: false, admin: true, page: 1, pageSize: 10 })).total).toBe(0)
    // A pattern character is a plain character.
    expect((await listUsers(admin, { q: `${tag}%`, page: 1, pageSize: 10 })).total).toBe(0)
  })

  it('creates several users from a pasted list; a bad line refuses the list, nothing created; existing addresses are skipped', async () => {
    const [a, b] = [newPerson(), newPerson()]
    const bad = await domainErrorOf(createInvitedUsers(admin, { list: `${a.name} <${a.email}>\nnot an address\n`, origin }))
    expect(bad.code).toBe('invalid')
    expect(bad.message).toContain('Line 2')
    expect(await db.user.count({ where: { email: a.email } })).toBe(0)
    await createInvitedUser(admin, { ...b, origin })
    const done = await createInvitedUsers(admin, { list: `\n张三 <${a.email}>\n${b.email}\n`, origin })
    expect(done.created.map((c) => [c.user.name, c.user.email])).toEqual([['张三', a.email]])
    expect(done.skipped).toEqual([b.email])
    expect(done.created[0].invitation.url).toMatch(/\/invite\//)
  })
})

describe('projects', () => {
  it('an admin creates a project with the demo taxonomy and becomes its manager; the name must be free', async () => {
    const name = uniqueName('team-project')
    const project = await createProject(admin, { name, description: '示例', taxonomy: 'demo' })
    expect(project).toMatchObject({ name, description: '示例', role: 'manager', archived: false })
    const expected = demoTaxonomyLabels().reduce((n, l) => n + 1 + l.children.length, 0)
    expect(await db.label.count({ where: { projectId: project.id } })).toBe(expected)
    expect(await db.label.count({ where: { projectId: project.id, parentId: null } })).toBe(4)
    // The demo taxonomy's Chinese guidelines come along (the UI shows them in Chinese).
    expect(await db.label.count({ where: { projectId: project.id, guidelineZh: { not: '' } } })).toBe(expected)
    expect((await domainErrorOf(createProject(admin, { name, description: '', taxonomy: 'empty' }))).i18n?.key).toBe('projects.nameTaken')
    const plain = await actorOf((await db.user.create({ data: { ...newPerson(), passwordHash: 'x' } })).id)
    expect((await domainErrorOf(createProject(plain, { name: uniqueName('p'), description: '', taxonomy: 'empty' }))).code).toBe('forbidden')
  })

  it('a taxonomy file is parsed; its problems are sentences that name the place', async () => {
    const labels = parseTaxonomyFile(JSON.stringify({ labels: [{ name: '执法', en: 'Enforcement', color: '#2563eb', key: '1', children: [{ name: '公示' }, { name: '记录' }] }] }))
    const project = await createProject(admin, { name: uniqueName('team-file'), description: '', taxonomy: { labels } })
    const rows = await db.label.findMany({ where: { projectId: project.id }, orderBy: { order: 'asc' } })
    expect(rows.map((l) => [l.name, l.shortcut]).sort()).toEqual([['公示', '1'], ['执法', '1'], ['记录', '2']])
    expect((await domainErrorOf(Promise.resolve().then(() => parseTaxonomyFile('{"labels": [')))).i18n?.key).toBe('projects.taxonomyNotJson')
    const bad = await domainErrorOf(Promise.resolve().then(() => parseTaxonomyFile(JSON.stringify({ labels: [{ name: 'a', key: '1' }, { name: 'a', key: '1', color: 'blue' }] }))))
    expect(bad.message).toContain('labels[1].name: “a” is already the name of a sibling label.')
    expect(bad.message).toContain('labels[1].color: must be a colour like #2563eb.')
  })

  it('renames, archives (read-only, out of the lists) and restores a project', async () => {
    const project = await createProject(admin, { name: uniqueName('team-archive'), description: '', taxonomy: 'empty' })
    const renamed = uniqueName('team-renamed')
    expect((await administerProject(admin, { projectId: project.id, name: renamed })).name).toBe(renamed)
    await administerProject(admin, { projectId: project.id, archived: true })
    const manager = await actorOf(admin.id)
    expect((await listProjects(manager)).map((p) => p.id)).not.toContain(project.id)
    expect((await getProject(manager, { projectId: project.id })).archived).toBe(true)
    expect(() => authorizeProject(manager, project.id, 'document.read')).not.toThrow()
    const write = (() => {
      try {
        authorizeProject(manager, project.id, 'tag.write')
      } catch (error) {
        return error as { code: string; i18n?: { key: string } }
      }
    })()
    expect(write).toMatchObject({ code: 'forbidden', i18n: { key: 'projects.archivedReadOnly' } })
    // Its manager still reads what the role shows (queue, staging, assignments), and writes nothing there.
    expect(() => authorizeProjectRead(manager, project.id, 'tag.review')).not.toThrow()
    await expect(listAssignments(manager, { projectId: project.id })).resolves.toBeDefined()
    await expect(listBatches(manager, { projectId: project.id })).resolves.toEqual({ items: [] })
    await expect(createBatch(manager, { projectId: project.id })).rejects.toMatchObject({ i18n: { key: 'projects.archivedReadOnly' } })
    await administerProject(admin, { projectId: project.id, archived: false })
    const restored = await actorOf(admin.id)
    expect((await listProjects(restored)).map((p) => p.id)).toContain(project.id)
    expect(() => authorizeProject(restored, project.id, 'tag.write')).not.toThrow()
  })
})

describe('your own account', () => {
  it('changes the password with the current one; other sessions end, this one stays; a wrong one changes nothing', async () => {
    const user = await db.user.create({ data: { ...newPerson(), passwordHash: await hashPassword('the current password') } })
    const here = await startSession(user.id, { address: '10.0.1.1' })
    const elsewhere = await startSession(user.id, { address: '10.0.1.2' })
    const actor = (await loadSessionActor(user.id, 0, here))!.actor
    const wrong = await domainErrorOf(changeOwnPassword(actor, { currentPassword: 'not it at all', newPassword: 'a brand new password', address: '10.0.1.1' }))
    expect(wrong.i18n?.key).toBe('users.currentPasswordWrong')
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, 'the current password')).toBe(true)
    expect(await changeOwnPassword(actor, { currentPassword: 'the current password', newPassword: 'a brand new password', address: '10.0.1.1' })).toEqual({ endedSessions: 1 })
    expect((await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([here])
    expect(elsewhere).not.toBe(here)
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, 'a brand new password')).toBe(true)
  })

  it('is rate-limited like sign-in: after 5 wrong current passwords from one address, that address waits', async () => {
    const user = await db.user.create({ data: { ...newPerson(), passwordHash: await hashPassword('the current password') } })
    const actor = await actorOf(user.id)
    for (let i = 0; i < passwordChangeLimiter.options.pairFailures; i++) {
      expect((await domainErrorOf(changeOwnPassword(actor, { currentPassword: `wrong ${i}`, newPassword: 'a brand new password', address: '10.0.2.1' }))).code).toBe('invalid')
    }
    const limited = await domainErrorOf(changeOwnPassword(actor, { currentPassword: 'the current password', newPassword: 'a brand new password', address: '10.0.2.1' }))
    expect(limited.code).toBe('rate_limited')
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!, 'the current password')).toBe(true)
  })
})

describe('the audit log', () => {
  it('has a row for each change, who and before/after, newest first, and rows cannot be altered', async () => {
    const { user } = await createInvitedUser(admin, { ...newPerson(), origin })
    await updateUser(admin, { userId: user.id, active: false, admin: true, origin })
    const { items } = await listAudit(admin, { page: 1, pageSize: 10 })
    const mine = items.filter((e) => e.targetEmail === user.email)
    expect(mine.map((e) => [e.action, e.before, e.after])).toEqual([
      ['user.admin_granted', { admin: false }, { admin: true }],
      ['user.deactivated', { active: true }, { active: false }],
      ['user.created', null, { email: user.email, name: user.name }],
    ])
    expect(mine.every((e) => e.actorEmail === admin.email)).toBe(true)
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET action = 'x' WHERE "targetUserId" = ${user.id}`).rejects.toThrow(/append-only/)
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "targetUserId" = ${user.id}`).rejects.toThrow(/append-only/)
    const plain = await actorOf(user.id).catch(() => null)
    expect(plain).toBeNull() // deactivated: no actor at all
    await db.user.update({ where: { id: user.id }, data: { isAdmin: false } })
  })
})
