// Linking a single sign-on account to the signed-in user (docs/decisions/0023, "Linking"): a user who
// signs in with a password (created before single sign-on was turned on, so that the provider's
// sign-in is refused as `email_taken`) asks on /account to link; the server sets a short-lived,
// signed cookie naming their user and their session, and sends them to the provider. When the
// provider sends them back, the sign-in callback links that provider account to the named user, but
// only while the named session is still alive: after a sign-out the cookie links nobody.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const LINK_COOKIE = 'tagbench.sso-link'
/** Long enough to sign in at the provider, short enough that a forgotten cookie soon means nothing. */
export const LINK_TTL_SECONDS = 600

export interface LinkIntent {
  userId: string
  /** handleOf(sessionId) of the session that asked (lib/auth/sessions.ts). */
  sessionHandle: string
}

const mac = (payload: string, secret: string) => createHmac('sha256', `tagbench-sso-link:${secret}`).update(payload).digest('base64url')

/** The cookie's value: user, session handle and expiry, signed with the app's secret. */
export function signLinkIntent(intent: LinkIntent, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ u: intent.userId, s: intent.sessionHandle, e: Math.floor(now / 1000) + LINK_TTL_SECONDS })).toString('base64url')
  return `${payload}.${mac(payload, secret)}`
}

/** The intent of a cookie value, or null when it is malformed, tampered with or expired. */
export function readLinkIntent(value: string | undefined, secret: string, now = Date.now()): LinkIntent | null {
  if (!value || value.length > 1000) return null
  const [payload, signature, ...rest] = value.split('.')
  if (!payload || !signature || rest.length) return null
  const expected = Buffer.from(mac(payload, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; s?: unknown; e?: unknown }
    if (typeof data.u !== 'string' || typeof data.s !== 'string' || typeof data.e !== 'number') return null
    if (data.e * 1000 < now) return null
    return { userId: data.u, sessionHandle: data.s }
  } catch {
    return null
  }
}
