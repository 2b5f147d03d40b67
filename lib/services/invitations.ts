// Invitation and password-reset links (docs/decisions/0022). A link carries 32 random bytes; only
// their SHA-256 is stored, so a copy of the database opens no account. A link works once, until it
// expires (TAGBENCH_INVITATION_DAYS), and a newer link for the same user replaces older ones.
// Redeeming sets the password and goes through the same attempt limiter as sign-in.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { hashPassword } from '../auth/password'
import { createAttemptLimiter, loginLimiter } from '../auth/rate-limit'
import { servedOverHttps } from '../auth/trusted-proxy'
import { readEnv } from '../config/env'
import { query, sql, withTransaction, type Connection } from '../db/sql'
import { invalid, rateLimited } from '../errors'
import type { InvitationLinkView } from '../schemas/invitations'
import { invitationTokenSchema } from '../schemas/invitations'
import { smtpMailerFromEnv } from '../mail/smtp-invitations'
import { writeAudit } from './audit'

export type InvitationPurpose = 'invite' | 'reset'

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

/** Where links point: AUTH_URL when set (the public address), else the address the request came to. */
export function linkOrigin(headers: Headers, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTH_URL) {
    try {
      return new URL(env.AUTH_URL).origin
    } catch {
      // An unparsable AUTH_URL: fall back to the Host header.
    }
  }
  return `${servedOverHttps(env) ? 'https' : 'http'}://${headers.get('host') ?? '127.0.0.1'}`
}

/** Sends a link by e-mail. None is configured unless a deployment sets one (no mail server is assumed). */
export interface InvitationMailer {
  send(message: { to: string; name: string; link: string; expiresAt: Date; purpose: InvitationPurpose }): Promise<void>
}

let mailer: InvitationMailer | null | undefined

/** The installed mailer, else the SMTP one the environment names (TAGBENCH_SMTP_URL), else none. */
function currentMailer(): InvitationMailer | null {
  if (mailer === undefined) mailer = smtpMailerFromEnv()
  return mailer
}

/** Installs the mail transport (e.g. an SMTP one at start-up); null removes it: links are then only shown to copy. */
export function setInvitationMailer(next: InvitationMailer | null): void {
  mailer = next
}

export interface IssuedInvitation {
  token: string
  expiresAt: Date
}

/** A new link for the user, on the caller's transaction; older unused links of theirs stop working. */
export async function issueInvitation(tx: Connection, input: { userId: string; createdById: string | null; purpose: InvitationPurpose }): Promise<IssuedInvitation> {
  const token = randomBytes(32).toString('base64url')
  const days = readEnv('TAGBENCH_INVITATION_DAYS')
  await tx.query(sql`UPDATE "Invitation" SET "expiresAt" = now() WHERE "userId" = ${input.userId} AND "usedAt" IS NULL AND "expiresAt" > now()`)
  const [row] = await tx.query<{ expiresAt: Date }>(sql`
    INSERT INTO "Invitation" (id, "userId", "tokenHash", purpose, "createdById", "expiresAt")
    VALUES (${randomUUID()}, ${input.userId}, ${hashOf(token)}, ${input.purpose}, ${input.createdById}, now() + make_interval(days => ${days}))
    RETURNING "expiresAt"`)
  return { token, expiresAt: row.expiresAt }
}

/** The link to show (once) and, when a mail transport is configured, to send. Call after the transaction committed. */
export async function deliverInvitation(issued: IssuedInvitation, to: { email: string; name: string }, purpose: InvitationPurpose, origin: string): Promise<InvitationLinkView> {
  const url = `${origin}/invite/${issued.token}`
  let mailed = false
  const transport = currentMailer()
  if (transport) {
    try {
      await transport.send({ to: to.email, name: to.name, link: url, expiresAt: issued.expiresAt, purpose })
      mailed = true
    } catch (error) {
      // The link is still shown to copy: a mail failure must not lose it.
      console.error('invitation mail failed', error)
    }
  }
  return { url, expiresAt: issued.expiresAt.toISOString(), mailed }
}

export type InvitationState =
  | { state: 'valid'; email: string; name: string; purpose: InvitationPurpose; expiresAt: string }
  | { state: 'used' }
  | { state: 'expired'; expiresAt: string }
  | { state: 'unknown' }

interface InvitationRow {
  id: string
  tokenHash: string
  userId: string
  purpose: InvitationPurpose
  expiresAt: Date
  usedAt: Date | null
  email: string
  name: string
  disabled: boolean
}

/**
 * The invitation behind a token. The row is found by the token's hash (an index lookup on a hash
 * tells a timing observer nothing about the token); the stored hash is still compared in constant time.
 */
async function findInvitation(tx: Connection | null, token: string, lock = false): Promise<InvitationRow | null> {
  if (!invitationTokenSchema.safeParse(token).success) return null
  const hash = hashOf(token)
  const statement = sql`
    SELECT i.id, i."tokenHash", i."userId", i.purpose, i."expiresAt", i."usedAt", u.email, u.name, u.disabled
    FROM "Invitation" i JOIN "User" u ON u.id = i."userId" WHERE i."tokenHash" = ${hash} ${lock ? sql`FOR UPDATE OF i` : sql``}`
  const [row] = tx ? await tx.query<InvitationRow>(statement) : await query<InvitationRow>(statement)
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) return null
  return row
}

function stateOf(row: InvitationRow | null, now = Date.now()): InvitationState {
  if (!row || row.disabled) return { state: 'unknown' }
  if (row.usedAt) return { state: 'used' }
  if (row.expiresAt.getTime() <= now) return { state: 'expired', expiresAt: row.expiresAt.toISOString() }
  return { state: 'valid', email: row.email, name: row.name, purpose: row.purpose, expiresAt: row.expiresAt.toISOString() }
}

/** For the /invite page: whether the link still works, and whose it is. */
export async function inspectInvitation(token: string): Promise<InvitationState> {
  return stateOf(await findInvitation(null, token))
}

/** The sentence for a link that does not work (also the API's refusal). */
export function invitationRefusal(state: Exclude<InvitationState, { state: 'valid' }>) {
  switch (state.state) {
    case 'used':
      return invalid('This link was already used. Sign in with the password you set; if you forgot it, ask an admin for a new link.', undefined, { key: 'invitations.used' })
    case 'expired':
      return invalid('This link has expired. Ask an admin (or your project manager) for a new one.', undefined, { key: 'invitations.expired' })
    default:
      return invalid('This link is not valid: check that you copied all of it, or ask an admin for a new one.', undefined, { key: 'invitations.unknown' })
  }
}

/** Redemption: its own counts, on the sign-in limiter's rules (rate-limit.ts), keyed by the link. */
export const invitationLimiter = createAttemptLimiter('invitation', loginLimiter.options)

/**
 * Sets the password through a link and uses the link up, in one transaction: two redemptions at
 * once cannot both succeed. Answers the e-mail (to sign in with) and the user's projects.
 */
export async function redeemInvitation(input: { token: string; password: string; address: string }): Promise<{ userId: string; email: string; projectIds: string[] }> {
  const passwordHash = await hashPassword(input.password)
  const outcome = await invitationLimiter.run({ account: `invitation:${hashOf(input.token).slice(0, 32)}`, address: input.address }, async () =>
    withTransaction(async (tx) => {
      const row = await findInvitation(tx, input.token, true)
      const state = stateOf(row)
      if (state.state !== 'valid' || !row) return { refused: state }
      await tx.query(sql`UPDATE "Invitation" SET "usedAt" = now() WHERE id = ${row.id}`)
      await tx.query(sql`UPDATE "User" SET "passwordHash" = ${passwordHash}, "sessionVersion" = "sessionVersion" + 1 WHERE id = ${row.userId}`)
      await writeAudit(tx, { actorId: row.userId, action: 'invitation.redeemed', targetUserId: row.userId, before: null, after: { purpose: row.purpose } })
      const projects = await tx.query<{ projectId: string }>(sql`SELECT "projectId" FROM "Membership" WHERE "userId" = ${row.userId} ORDER BY "createdAt"`)
      return { userId: row.userId, email: row.email, projectIds: projects.map((p) => p.projectId) }
    }).then((result) => ('refused' in result ? null : result)),
  )
  if (!outcome.ok) {
    if (outcome.reason === 'limited') {
      throw rateLimited(`Too many attempts with this link; try again in ${outcome.retryAfterSeconds} seconds.`, { key: 'invitations.rateLimited', values: { seconds: outcome.retryAfterSeconds } })
    }
    throw invitationRefusal(await inspectInvitation(input.token).then((s) => (s.state === 'valid' ? { state: 'unknown' as const } : s)))
  }
  return outcome.value
}
