// Self-service: a user changes their own password (the current one required, on the sign-in
// limiter's rules). Sessions and tokens are listed and ended through lib/auth/sessions.ts and
// lib/services/tokens.ts, which select by the actor's id.
import type { Actor } from '../auth/actor'
import { hashPassword, verifyPassword } from '../auth/password'
import { createAttemptLimiter, loginLimiter } from '../auth/rate-limit'
import { sql, withTransaction } from '../db/sql'
import { invalid, rateLimited } from '../errors'
import { writeAudit } from './audit'

/** Password changes: their own counts, on the sign-in limiter's rules, keyed by the user. */
export const passwordChangeLimiter = createAttemptLimiter('password-change', loginLimiter.options)

/**
 * Checks the current password and sets the new one. The user's other sessions end (a stolen
 * session cannot outlive the change); this one and their tokens stay.
 */
export async function changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string; address: string }): Promise<{ endedSessions: number }> {
  const newHash = await hashPassword(input.newPassword)
  const outcome = await passwordChangeLimiter.run({ account: `user:${actor.id}`, address: input.address }, async () => {
    return withTransaction(async (tx) => {
      const [user] = await tx.query<{ passwordHash: string | null }>(sql`SELECT "passwordHash" FROM "User" WHERE id = ${actor.id} FOR UPDATE`)
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) return null
      await tx.query(sql`UPDATE "User" SET "passwordHash" = ${newHash} WHERE id = ${actor.id}`)
      const ended = await tx.query<{ id: string }>(sql`DELETE FROM "Session" WHERE "userId" = ${actor.id} AND id IS DISTINCT FROM ${actor.sessionId ?? null} RETURNING id`)
      await writeAudit(tx, { actorId: actor.id, action: 'user.password_changed', targetUserId: actor.id, before: null, after: { endedSessions: ended.length } })
      return { endedSessions: ended.length }
    })
  })
  if (!outcome.ok) {
    if (outcome.reason === 'limited') {
      throw rateLimited(`Too many wrong passwords; try again in ${outcome.retryAfterSeconds} seconds.`, { key: 'users.passwordChangeLimited', values: { seconds: outcome.retryAfterSeconds } })
    }
    throw invalid('The current password is not right; nothing was changed.', [{ path: 'currentPassword', message: 'is not right' }], { key: 'users.currentPasswordWrong' })
  }
  return outcome.value
}
