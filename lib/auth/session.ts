import { cache } from 'react'
import { unauthenticated } from '../errors'
import { loadSessionActor, loadTokenActor, touchSession, touchToken, type Actor } from './actor'
import { auth } from './next-auth'
import { hashToken, looksLikeToken } from './tokens'

/** The signed-in user of this request, or null. Read once per request (layout and page both ask). */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await auth()) as { uid?: string; sv?: number; sid?: string } | null
  // A cookie from before server-side sessions carries no session id: it no longer signs anyone in.
  if (!session?.uid || !session.sid) return null
  const loaded = await loadSessionActor(session.uid, session.sv ?? 0, session.sid)
  if (!loaded) return null
  // Coarse last-use time, which also extends the session: at most one write a minute.
  if (Date.now() - loaded.lastSeenAt.getTime() > 60_000) await touchSession(session.sid)
  return loaded.actor
})

/** For /api/v1: a bearer token when one is sent, else the session; throws 401 otherwise. */
export async function actorFromRequest(request: Request): Promise<Actor> {
  const header = request.headers.get('authorization')
  if (header) {
    const secret = header.replace(/^Bearer\s+/i, '').trim()
    if (!/^Bearer\s+/i.test(header) || !looksLikeToken(secret)) {
      throw unauthenticated('The Authorization header must be "Bearer <personal access token>"; create a token in Settings.', { key: 'auth.badAuthorizationHeader' })
    }
    const token = await loadTokenActor(hashToken(secret))
    if (!token || token.revokedAt) throw unauthenticated('This access token is unknown or was revoked; create a new one in Settings.', { key: 'auth.tokenUnknown' })
    if (!token.actor) throw unauthenticated('The account of this access token is disabled.', { key: 'auth.tokenAccountDisabled' })
    // Coarse last-use time: at most one write a minute per token (touchToken checks it again).
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) await touchToken(token.tokenId)
    return token.actor
  }
  const actor = await currentActor()
  if (!actor) throw unauthenticated()
  return actor
}
