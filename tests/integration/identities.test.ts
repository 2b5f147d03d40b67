// Single sign-on identities (docs/decisions/0023): keyed on issuer + sub, never on the e-mail
// address; a fresh invitation is the only user an address links to.
import { afterAll, describe, expect, it } from 'vitest'
import { loadSessionActor } from '../../lib/auth/actor'
import { providerAccountOf, signInWithProvider, type OidcSettings } from '../../lib/auth/oidc'
import { db } from '../../lib/db/client'
import { linkProviderAccount, resolveProviderAccount, type ProviderAccount } from '../../lib/services/identities'
import { createTestUser, requireDatabaseUrl, uniqueName } from './support'

requireDatabaseUrl()

const issuer = `https://sso-${uniqueName('idp')}.example.edu.cn/realms/staff`
const open = { invitedOnly: false }
const invitedOnly = { invitedOnly: true }
const emails: string[] = []

function account(overrides: Partial<ProviderAccount> = {}): ProviderAccount {
  const name = uniqueName('sso')
  const email = `${name}@uni.test`
  emails.push(email)
  return { issuer, subject: `sub-${name}`, email, emailVerified: true, name: `用户 ${name}`, grantAdmin: false, ...overrides }
}

async function userByEmail(email: string) {
  return db.user.findUnique({ where: { email }, include: { identities: true, memberships: true } })
}

afterAll(async () => {
  try {
    await db.user.deleteMany({ where: { email: { in: emails } } })
  } finally {
    await db.$disconnect()
  }
})

describe('first sign-in', () => {
  it('creates a user without password or projects, linked by issuer and sub', async () => {
    const alice = account()
    const outcome = await resolveProviderAccount(alice, open)
    expect(outcome).toMatchObject({ ok: true, how: 'created' })
    const user = await userByEmail(alice.email!)
    expect(user).toMatchObject({ name: alice.name, passwordHash: null, isAdmin: false, disabled: false })
    expect(user!.memberships).toEqual([])
    expect(user!.identities.map((i) => [i.issuer, i.subject])).toEqual([[issuer, alice.subject]])
  })

  it('signs the same account in as the same user the next time, even after its e-mail address changed at the provider', async () => {
    const bob = account()
    const first = await resolveProviderAccount(bob, open)
    const renamed = `${uniqueName('renamed')}@uni.test`
    emails.push(renamed)
    const again = await resolveProviderAccount({ ...bob, email: renamed }, open)
    expect(again).toMatchObject({ ok: true, how: 'known' })
    expect(first.ok && again.ok && again.user.id === first.user.id).toBe(true)
    // The user's own address is not rewritten by the provider; the identity notes what it said.
    expect((await userByEmail(bob.email!))?.identities[0].email).toBe(renamed)
    expect(await userByEmail(renamed)).toBeNull()
  })

  it('refuses an account without an e-mail address, or with one the provider says it has not verified', async () => {
    expect(await resolveProviderAccount(account({ email: undefined }), open)).toEqual({ ok: false, reason: 'no_email' })
    const unverified = account({ emailVerified: false })
    expect(await resolveProviderAccount(unverified, open)).toEqual({ ok: false, reason: 'email_unverified' })
    expect(await userByEmail(unverified.email!)).toBeNull()
  })
})

describe('the same e-mail address from another account', () => {
  it('does not take over a user who already has an identity', async () => {
    const owner = account()
    const created = await resolveProviderAccount(owner, open)
    const impostor = { ...owner, subject: `${owner.subject}-other` }
    expect(await resolveProviderAccount(impostor, open)).toEqual({ ok: false, reason: 'email_taken' })
    expect(await resolveProviderAccount(impostor, invitedOnly)).toEqual({ ok: false, reason: 'email_taken' })
    const user = await userByEmail(owner.email!)
    expect(user!.id).toBe(created.ok ? created.user.id : 'none')
    expect(user!.identities).toHaveLength(1)
  })

  it('does not take over a user who signs in with a password', async () => {
    const passwordUser = await createTestUser('password-user')
    emails.push(passwordUser.email)
    for (const rules of [open, invitedOnly]) {
      expect(await resolveProviderAccount(account({ email: passwordUser.email }), rules)).toEqual({ ok: false, reason: 'email_taken' })
    }
    expect((await userByEmail(passwordUser.email))!.identities).toEqual([])
  })

  it('takes the same sub at another issuer for another account', async () => {
    const carol = account()
    await resolveProviderAccount(carol, open)
    expect(await resolveProviderAccount({ ...carol, issuer: `${issuer}-other` }, open)).toEqual({ ok: false, reason: 'email_taken' })
  })
})

describe('invitations', () => {
  it('links a fresh invitation (no password, no identity) by its address, in both modes, once', async () => {
    for (const rules of [invitedOnly, open]) {
      const invitee = account()
      const invited = await db.user.create({ data: { email: invitee.email!, name: '受邀者', passwordHash: null } })
      const outcome = await resolveProviderAccount(invitee, rules)
      expect(outcome).toMatchObject({ ok: true, how: 'linked', user: { id: invited.id, name: '受邀者' } })
      // Linked now: a second account with that address no longer finds it.
      expect(await resolveProviderAccount({ ...invitee, subject: `${invitee.subject}-2` }, rules)).toEqual({ ok: false, reason: 'email_taken' })
    }
  })

  it('invited-only refuses an address nobody was invited with, and creates nothing', async () => {
    const stranger = account()
    expect(await resolveProviderAccount(stranger, invitedOnly)).toEqual({ ok: false, reason: 'not_invited' })
    expect(await userByEmail(stranger.email!)).toBeNull()
  })
})

describe('disabled users', () => {
  it('are refused, whether found by identity or by invitation', async () => {
    const dave = account()
    await resolveProviderAccount(dave, open)
    await db.user.update({ where: { email: dave.email! }, data: { disabled: true } })
    expect(await resolveProviderAccount(dave, open)).toEqual({ ok: false, reason: 'disabled' })

    const invitee = account()
    await db.user.create({ data: { email: invitee.email!, name: 'x', passwordHash: null, disabled: true } })
    expect(await resolveProviderAccount(invitee, invitedOnly)).toEqual({ ok: false, reason: 'disabled' })
    expect((await userByEmail(invitee.email!))!.identities).toEqual([])
  })
})

describe('the admin claim', () => {
  const settings: OidcSettings = { issuer, clientId: 'c', clientSecret: 's', scopes: 'openid', nameClaim: 'display_name', admin: { claim: 'groups', value: 'tagbench-admins' }, label: 'SSO', invitedOnly: false }

  it('reads the configured name claim and the admin group from a list or a string', () => {
    const profile = { sub: 's1', email: 'A@Uni.test', email_verified: 'true', display_name: ' 王 ', groups: ['staff', 'tagbench-admins'] }
    expect(providerAccountOf(settings, profile)).toEqual({ issuer, subject: 's1', email: 'A@Uni.test', emailVerified: true, name: '王', grantAdmin: true })
    expect(providerAccountOf(settings, { ...profile, groups: 'tagbench-admins' }).grantAdmin).toBe(true)
    expect(providerAccountOf(settings, { ...profile, groups: ['tagbench-admins-old'] }).grantAdmin).toBe(false)
    expect(providerAccountOf({ ...settings, admin: undefined }, profile).grantAdmin).toBe(false)
  })

  it('grants the admin right at sign-in and never takes it', async () => {
    const erin = account({ grantAdmin: true })
    const outcome = await resolveProviderAccount(erin, open)
    expect(outcome).toMatchObject({ ok: true, user: { isAdmin: true } })
    expect(await resolveProviderAccount({ ...erin, grantAdmin: false }, open)).toMatchObject({ ok: true, user: { isAdmin: true } })
    const frank = account()
    await resolveProviderAccount(frank, open)
    expect(await resolveProviderAccount({ ...frank, grantAdmin: true }, open)).toMatchObject({ ok: true, user: { isAdmin: true } })
  })
})

describe('the session', () => {
  const settings: OidcSettings = { issuer, clientId: 'c', clientSecret: 's', scopes: 'openid', nameClaim: 'name', label: 'SSO', invitedOnly: false }

  it('is the same Session row a password sign-in starts, with the ID token kept for sign-out', async () => {
    const gina = account()
    const outcome = await signInWithProvider(settings, { sub: gina.subject, email: gina.email, name: gina.name }, 'header.payload.signature', { userAgent: 'Chrome', address: '203.0.113.9' })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const row = await db.session.findUniqueOrThrow({ where: { id: outcome.sessionId! } })
    expect(row).toMatchObject({ userId: outcome.user.id, idToken: 'header.payload.signature', userAgent: 'Chrome', address: '203.0.113.9' })
    expect((await loadSessionActor(outcome.user.id, outcome.user.sessionVersion, outcome.sessionId!))?.actor.email).toBe(gina.email)
    // Deactivation cuts it off like any other session.
    await db.user.update({ where: { id: outcome.user.id }, data: { disabled: true } })
    expect(await loadSessionActor(outcome.user.id, outcome.user.sessionVersion, outcome.sessionId!)).toBeNull()
  })

  it('two first sign-ins of one account at once make one user', async () => {
    // A few rounds: the two transactions interleave differently from one to the next.
    for (let round = 0; round < 5; round++) {
      const hal = account()
      const outcomes = await Promise.all([resolveProviderAccount(hal, open), resolveProviderAccount(hal, open)])
      expect(outcomes.map((o) => (o.ok ? o.how : o.reason)).sort()).toEqual(['created', 'known'])
      expect(await db.userIdentity.count({ where: { issuer, subject: hal.subject } })).toBe(1)
    }
  })
})

describe('linking an account to a signed-in user (from /account)', () => {
  it('links by choice, whatever address the provider gives; the account then signs in as that user', async () => {
    const owner = await createTestUser('link-owner')
    emails.push(owner.email)
    const theirs = account()
    // Their address is taken by a password user: the provider's sign-in alone is refused...
    const sameAddress = { ...theirs, email: owner.email }
    expect(await resolveProviderAccount(sameAddress, open)).toEqual({ ok: false, reason: 'email_taken' })
    // ...and linking from the signed-in account works, by choice and not by address.
    expect(await linkProviderAccount(owner.id, theirs)).toMatchObject({ ok: true, how: 'linked', user: { id: owner.id } })
    const again = await resolveProviderAccount(theirs, open)
    expect(again).toMatchObject({ ok: true, how: 'known', user: { id: owner.id } })
    expect(await linkProviderAccount(owner.id, theirs)).toMatchObject({ ok: true, how: 'known', user: { id: owner.id } })
    expect(await userByEmail(theirs.email!)).toBeNull()
    expect((await db.userIdentity.findMany({ where: { userId: owner.id } })).map((i) => i.subject)).toEqual([theirs.subject])
  })

  it("refuses an account already linked to someone else, and a disabled user; nothing is written", async () => {
    const someone = account()
    const created = await resolveProviderAccount(someone, open)
    const other = await createTestUser('link-other')
    emails.push(other.email)
    expect(await linkProviderAccount(other.id, someone)).toEqual({ ok: false, reason: 'identity_taken' })
    const still = await resolveProviderAccount(someone, open)
    expect(still.ok && created.ok && still.user.id === created.user.id).toBe(true)
    const disabled = await createTestUser('link-disabled')
    emails.push(disabled.email)
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } })
    expect(await linkProviderAccount(disabled.id, account())).toEqual({ ok: false, reason: 'disabled' })
    expect(await db.userIdentity.count({ where: { userId: { in: [other.id, disabled.id] } } })).toBe(0)
  })
})
