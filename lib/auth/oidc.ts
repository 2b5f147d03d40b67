// Single sign-on through one OpenID Connect provider (docs/decisions/0023): its settings from the
// environment, the Auth.js provider, the claims we read, and the provider's sign-out address.
import type { OIDCConfig } from 'next-auth/providers'
import { z } from 'zod'
import { readEnv, type Env } from '../config/env'
import { db } from '../db/client'
import { linkProviderAccount, resolveProviderAccount, type IdentityOutcome } from '../services/identities'
import { startSession } from './sessions'

/** The Auth.js id of the provider: its callback is /api/auth/callback/oidc (register that at the provider). */
export const OIDC_PROVIDER_ID = 'oidc'

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string
  scopes: string
  nameClaim: string
  admin?: { claim: string; value: string }
  label: string
  invitedOnly: boolean
}

/** The single sign-on settings, or null when TAGBENCH_OIDC_ISSUER is unset (single sign-on off). */
export function oidcSettings(env: Env = process.env): OidcSettings | null {
  const issuer = readEnv('TAGBENCH_OIDC_ISSUER', env)
  if (!issuer) return null
  const clientId = readEnv('TAGBENCH_OIDC_CLIENT_ID', env)
  const clientSecret = readEnv('TAGBENCH_OIDC_CLIENT_SECRET', env)
  // The server's start check says the same (lib/config/env.ts); this guards scripts and tests.
  if (!clientId || !clientSecret) throw new Error('TAGBENCH_OIDC_CLIENT_ID and TAGBENCH_OIDC_CLIENT_SECRET must both be set when TAGBENCH_OIDC_ISSUER is.')
  const adminClaim = readEnv('TAGBENCH_OIDC_ADMIN_CLAIM', env)
  const adminValue = readEnv('TAGBENCH_OIDC_ADMIN_VALUE', env)
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: readEnv('TAGBENCH_OIDC_SCOPES', env),
    nameClaim: readEnv('TAGBENCH_OIDC_NAME_CLAIM', env),
    admin: adminClaim && adminValue ? { claim: adminClaim, value: adminValue } : undefined,
    label: readEnv('TAGBENCH_OIDC_LABEL', env),
    invitedOnly: readEnv('TAGBENCH_OIDC_INVITED_ONLY', env) === '1',
  }
}

/** Password sign-in is on unless switched off; off, only instance admins may still use it (the local fallback). */
export function passwordSignInEnabled(env: Env = process.env): boolean {
  return readEnv('TAGBENCH_PASSWORD_SIGN_IN', env) === 'on'
}

/** The Auth.js provider: authorization code flow with PKCE and state; the profile comes from userinfo. */
export function oidcProvider(settings: OidcSettings): OIDCConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.label,
    type: 'oidc',
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ['pkce', 'state'],
    // The ID token is still required and checked; userinfo holds the claims many providers keep out
    // of the ID token (groups, often e-mail), and its `sub` is checked against the ID token's.
    idToken: false,
    authorization: { params: { scope: settings.scopes } },
    // Auth.js wants a user object here; which Tagbench user it is gets decided in the signIn callback.
    profile: (profile) => ({ id: String(profile.sub ?? ''), email: typeof profile.email === 'string' ? profile.email : null, name: typeof profile.name === 'string' ? profile.name : null }),
  }
}

// Providers send email_verified as a boolean, some as the string "true"/"false".
const verifiedSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional().catch(undefined)

/** Whether a claim (a string or a list of strings, e.g. groups) holds the value. */
export function claimHolds(claim: unknown, value: string): boolean {
  if (typeof claim === 'string') return claim === value
  return Array.isArray(claim) && claim.some((entry) => entry === value)
}

/** The claims Tagbench reads, from the provider's profile (userinfo). */
export function providerAccountOf(settings: OidcSettings, profile: Record<string, unknown>) {
  const name = profile[settings.nameClaim]
  return {
    issuer: settings.issuer,
    subject: typeof profile.sub === 'string' ? profile.sub : '',
    email: typeof profile.email === 'string' && profile.email.trim() !== '' ? profile.email : undefined,
    emailVerified: verifiedSchema.parse(profile.email_verified),
    name: typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 200) : undefined,
    grantAdmin: settings.admin ? claimHolds(profile[settings.admin.claim], settings.admin.value) : false,
  }
}

/**
 * Signs a provider account in: finds or creates its user (lib/services/identities.ts) and starts the
 * same Session row a password sign-in starts, keeping the ID token for the provider's sign-out.
 */
export async function signInWithProvider(
  settings: OidcSettings,
  profile: Record<string, unknown>,
  idToken: string | undefined,
  client: { userAgent?: string | null; address?: string },
  /** The signed-in user who asked to link this provider account (lib/auth/sso-link.ts). */
  linkTo?: string,
): Promise<IdentityOutcome & { sessionId?: string }> {
  const account = providerAccountOf(settings, profile)
  const outcome = linkTo ? await linkProviderAccount(linkTo, account) : await resolveProviderAccount(account, { invitedOnly: settings.invitedOnly })
  if (!outcome.ok) return outcome
  const sessionId = await startSession(outcome.user.id, client)
  if (idToken) await db.session.update({ where: { id: sessionId }, data: { idToken } })
  return { ...outcome, sessionId }
}

const discoverySchema = z.object({ issuer: z.string(), end_session_endpoint: z.url().optional() })
let discovered: { issuer: string; at: number; endSession: string | null } | null = null

/** The provider's end_session_endpoint from its discovery document (kept ten minutes), or null. */
export async function endSessionEndpoint(settings: OidcSettings): Promise<string | null> {
  if (discovered && discovered.issuer === settings.issuer && Date.now() - discovered.at < 10 * 60_000) return discovered.endSession
  try {
    const response = await fetch(`${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
    if (!response.ok) throw new Error(`the discovery document answered ${response.status}`)
    const document = discoverySchema.parse(await response.json())
    discovered = { issuer: settings.issuer, at: Date.now(), endSession: document.end_session_endpoint ?? null }
    return discovered.endSession
  } catch (error) {
    // Signing out of Tagbench must not depend on the provider being up: the local session ends anyway.
    console.warn(`Single sign-on: could not read the provider's discovery document, so its session stays open: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
}

/** Where to send the browser to end the provider's session too (RP-initiated logout), or null. */
export async function providerSignOutUrl(settings: OidcSettings, idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
  const endpoint = await endSessionEndpoint(settings)
  if (!endpoint) return null
  const url = new URL(endpoint)
  url.searchParams.set('id_token_hint', idToken)
  url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri)
  url.searchParams.set('client_id', settings.clientId)
  return url.toString()
}
