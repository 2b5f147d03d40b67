// Single sign-on: which Tagbench user an account at the OpenID provider is (docs/decisions/0023).
// An identity is keyed on issuer + `sub`. The e-mail address only ever finds a user once, to link a
// fresh invitation (a user an admin created who has neither a password nor an identity yet); an
// account that already signs in some other way is never taken over by an address match.
import { z } from 'zod'
import type { Actor } from '../auth/actor'
import { db } from '../db/client'
import { Prisma } from '../generated/prisma/client'

/** What the provider told us about the person signing in (already parsed from its claims). */
export const providerAccountSchema = z.object({
  issuer: z.string().min(1).max(2000),
  subject: z.string().min(1, 'The provider sent no subject (sub).').max(255),
  email: z.string().trim().toLowerCase().email().max(320).optional(),
  /** The provider's `email_verified`; absent when it does not send the claim. */
  emailVerified: z.boolean().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  /** The admin claim of the configuration holds the admin value. */
  grantAdmin: z.boolean(),
})
export type ProviderAccount = z.input<typeof providerAccountSchema>

export interface IdentityRules {
  /** Only addresses of existing, active users may sign in (TAGBENCH_OIDC_INVITED_ONLY). */
  invitedOnly: boolean
}

/** Why a sign-in through the provider was refused; each has a sentence under auth.sso.errors. */
export type IdentityRefusal = 'bad_profile' | 'no_email' | 'email_unverified' | 'not_invited' | 'disabled' | 'email_taken' | 'identity_taken' | 'link_expired'

export interface SignedInUser {
  id: string
  email: string
  name: string
  isAdmin: boolean
  sessionVersion: number
}

export type IdentityOutcome = { ok: true; user: SignedInUser; how: 'known' | 'linked' | 'created' } | { ok: false; reason: IdentityRefusal }

const userFields = { id: true, email: true, name: true, isAdmin: true, sessionVersion: true, disabled: true } as const

function signedIn(user: SignedInUser & { disabled: boolean }, how: 'known' | 'linked' | 'created'): IdentityOutcome {
  return { ok: true, how, user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, sessionVersion: user.sessionVersion } }
}

async function resolveOnce(account: z.output<typeof providerAccountSchema>, rules: IdentityRules): Promise<IdentityOutcome> {
  return db.$transaction(async (tx) => {
    const known = await tx.userIdentity.findUnique({
      where: { issuer_subject: { issuer: account.issuer, subject: account.subject } },
      select: { id: true, user: { select: userFields } },
    })
    if (known) {
      if (known.user.disabled) return { ok: false, reason: 'disabled' }
      await tx.userIdentity.update({ where: { id: known.id }, data: { lastUsedAt: new Date(), email: account.email ?? '' } })
      // The admin group grants the right at each sign-in; it never takes it (an admin does, in Users,
      // where the last-admin rule is kept).
      const user = account.grantAdmin && !known.user.isAdmin ? await tx.user.update({ where: { id: known.user.id }, data: { isAdmin: true }, select: userFields }) : known.user
      return signedIn(user, 'known')
    }

    if (!account.email) return { ok: false, reason: 'no_email' }
    // An address the provider says it has not verified finds or creates nobody.
    if (account.emailVerified === false) return { ok: false, reason: 'email_unverified' }
    const sameEmail = await tx.user.findUnique({
      where: { email: account.email },
      select: { ...userFields, passwordHash: true, _count: { select: { identities: true } } },
    })
    if (sameEmail) {
      if (sameEmail.disabled) return { ok: false, reason: 'disabled' }
      // Only a fresh invitation is linked: nobody has signed in as this user yet, in any way.
      const fresh = sameEmail.passwordHash === null && sameEmail._count.identities === 0
      if (!fresh) return { ok: false, reason: 'email_taken' }
      await tx.userIdentity.create({ data: { userId: sameEmail.id, issuer: account.issuer, subject: account.subject, email: account.email, lastUsedAt: new Date() } })
      const user = account.grantAdmin && !sameEmail.isAdmin ? await tx.user.update({ where: { id: sameEmail.id }, data: { isAdmin: true }, select: userFields }) : sameEmail
      return signedIn(user, 'linked')
    }

    if (rules.invitedOnly) return { ok: false, reason: 'not_invited' }
    // A new user has no project: a manager adds them (the app shows the no-project page until then).
    const user = await tx.user.create({
      data: {
        email: account.email,
        name: account.name ?? account.email,
        passwordHash: null,
        isAdmin: account.grantAdmin,
        identities: { create: { issuer: account.issuer, subject: account.subject, email: account.email, lastUsedAt: new Date() } },
      },
      select: userFields,
    })
    return signedIn(user, 'created')
  })
}

/**
 * The user an account at the provider signs in as: the one it is linked to, a fresh invitation with
 * its e-mail address (then linked), or a new user without projects; or the reason it may not.
 */
export async function resolveProviderAccount(input: ProviderAccount, rules: IdentityRules): Promise<IdentityOutcome> {
  const parsed = providerAccountSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.some((i) => i.path[0] === 'email') ? 'no_email' : 'bad_profile' }
  // Two first sign-ins of the same account at once (two tabs): the second one's insert meets the
  // first one's row, or it finds the user the first one has just created by its address; looking
  // again finds the identity.
  try {
    const outcome = await resolveOnce(parsed.data, rules)
    return !outcome.ok && outcome.reason === 'email_taken' ? await resolveOnce(parsed.data, rules) : outcome
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return resolveOnce(parsed.data, rules)
    throw error
  }
}

/**
 * Links an account at the provider to a user who asked for it while signed in (lib/auth/sso-link.ts):
 * by choice, not by address, so the provider's address may differ from the user's. An account
 * already linked to this user just signs in; one linked to someone else is refused
 * (`identity_taken`: an account signs in as one user only), and so is a disabled user.
 */
export async function linkProviderAccount(userId: string, input: ProviderAccount): Promise<IdentityOutcome> {
  const parsed = providerAccountSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: 'bad_profile' }
  const account = parsed.data
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: userFields })
      if (!user || user.disabled) return { ok: false, reason: 'disabled' }
      const known = await tx.userIdentity.findUnique({ where: { issuer_subject: { issuer: account.issuer, subject: account.subject } }, select: { id: true, userId: true } })
      if (known && known.userId !== userId) return { ok: false, reason: 'identity_taken' }
      if (known) await tx.userIdentity.update({ where: { id: known.id }, data: { lastUsedAt: new Date(), email: account.email ?? '' } })
      else await tx.userIdentity.create({ data: { userId, issuer: account.issuer, subject: account.subject, email: account.email ?? '', lastUsedAt: new Date() } })
      return signedIn(user, known ? 'known' : 'linked')
    })
  } catch (error) {
    // The same account linked by someone else at the same moment.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { ok: false, reason: 'identity_taken' }
    throw error
  }
}

/** Your linked provider accounts (for /account). */
export async function listIdentities(actor: Actor) {
  return db.userIdentity.findMany({ where: { userId: actor.id }, orderBy: { createdAt: 'asc' }, select: { id: true, issuer: true, email: true, createdAt: true, lastUsedAt: true } })
}
