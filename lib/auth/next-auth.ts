import { Auth } from '@auth/core'
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { z } from 'zod'
import { db } from '../db/client'
import { decoyHash, verifyPassword } from './password'
import { SESSION_MAX_AGE_SECONDS } from './actor'
import { OIDC_PROVIDER_ID, oidcProvider, oidcSettings, passwordSignInEnabled, providerSignOutUrl, signInWithProvider } from './oidc'
import { loginLimiter } from './rate-limit'
import { endSessionById, handleOf, startSession } from './sessions'
import { LINK_COOKIE, readLinkIntent } from './sso-link'
import { clientAddress, servedOverHttps } from './trusted-proxy'

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
})

export class InvalidCredentials extends CredentialsSignin {
  code = 'invalid_credentials'
}
export class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited'
}
/** TAGBENCH_PASSWORD_SIGN_IN=off: a right password of a user who is not an instance admin. */
export class PasswordSignInOff extends CredentialsSignin {
  code = 'password_off'
}

// Auth.js' own refusals of a single sign-on (tampered state, the provider's error, a refusal of
// ours): expected outcomes, shown on the sign-in page as sentences, not server errors.
const expectedRefusals = new Set(['CredentialsSignin', 'InvalidCheck', 'OAuthCallbackError', 'AccessDenied', 'CallbackRouteError'])

const sso = oidcSettings()

const config: NextAuthConfig = {
  trustHost: true,
  // The cookie is a JWT that names a Session row (lib/auth/sessions.ts); the row is what is checked
  // on every request, so sign-out and "end session" take effect at once.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Secure (and __Secure- prefixed) cookies when the public address is https (README: behind a TLS proxy).
  useSecureCookies: servedOverHttps(),
  // Errors of the provider's round trip come back to the sign-in page too (`?error=`), as sentences.
  pages: { signIn: '/sign-in', error: '/sign-in' },
  logger: {
    // A refused sign-in is an expected outcome, shown to the user; it is not a server error.
    error(error) {
      // Class names do not survive minification; Auth.js' own `type` does.
      const type = (error as { type?: string }).type ?? ''
      if (expectedRefusals.has(type)) {
        // The cause says what the provider or the check said (e.g. an altered state, invalid_grant).
        const cause = (error as { cause?: { err?: { message?: string }; error?: string; error_description?: string } }).cause
        const why = cause?.err?.message ?? [cause?.error, cause?.error_description].filter(Boolean).join(': ')
        if (type !== 'CredentialsSignin') console.warn(`Single sign-on refused (${type})${why ? `: ${why}` : ''}.`)
        return
      }
      console.error(error)
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) throw new InvalidCredentials()
        const { email, password } = parsed.data
        const address = request ? clientAddress(request.headers) : 'unknown'
        // Same work for an unknown email as for a wrong password: no timing hint of which it was.
        const outcome = await loginLimiter.run({ account: email, address }, async () => {
          const user = await db.user.findUnique({ where: { email } })
          const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password)
          return user && ok && !user.disabled ? user : null
        })
        if (!outcome.ok) throw outcome.reason === 'limited' ? new TooManyAttempts() : new InvalidCredentials()
        const user = outcome.value
        // Switched off, passwords stay only as the instance admins' fallback (/sign-in?local=1): the
        // server refuses everyone else, whatever the page showed.
        if (!passwordSignInEnabled() && !user.isAdmin) throw new PasswordSignInOff()
        const sessionId = await startSession(user.id, { userAgent: request?.headers.get('user-agent'), address })
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, sessionId }
      },
    }),
    ...(sso ? [oidcProvider(sso)] : []),
  ],
  callbacks: {
    // A single sign-on: find or create the user by issuer + sub and start the same Session row a
    // password sign-in starts (deactivation and "end session" then work the same); the jwt callback
    // below puts it in the cookie. A refusal goes back to the sign-in page with its reason.
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true
      if (!sso) return false
      const request = await headers()
      // A signed-in user who asked on /account to link this provider account (lib/auth/sso-link.ts).
      const jar = await cookies()
      const linking = jar.has(LINK_COOKIE)
      const link = linking ? await liveLinkIntent(jar.get(LINK_COOKIE)?.value) : undefined
      if (linking) jar.delete({ name: LINK_COOKIE, path: '/' })
      if (linking && !link) return '/account?link=link_expired'
      const outcome = await signInWithProvider(
        sso,
        (profile ?? {}) as Record<string, unknown>,
        account.id_token,
        { userAgent: request.get('user-agent'), address: clientAddress(request) },
        link?.userId,
      )
      if (!outcome.ok) return linking ? `/account?link=${outcome.reason}` : `/sign-in?error=${outcome.reason}`
      // The browser's cookie now names the new session: the one that asked to link would only linger in the list.
      if (link) await endSessionById(link.sessionId)
      Object.assign(user, { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, sessionVersion: outcome.user.sessionVersion, sessionId: outcome.sessionId })
      return true
    },
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as { sessionVersion?: number; sessionId?: string }
        token.uid = user.id
        token.sv = signedIn.sessionVersion ?? 0
        token.sid = signedIn.sessionId
      }
      return token
    },
    session({ session, token }) {
      return { ...session, uid: token.uid as string, sv: token.sv as number, sid: token.sid as string | undefined }
    },
  },
  events: {
    // Both the sign-out route and the server action come here: the Session row goes, so a copy of
    // the cookie stops working too.
    async signOut(message) {
      const sid = 'token' in message ? (message.token?.sid as string | undefined) : undefined
      if (sid) await endSessionById(sid)
    },
  },
}

/** The user a link cookie names and their session, while that session is still alive; else undefined. */
async function liveLinkIntent(value: string | undefined): Promise<{ userId: string; sessionId: string } | undefined> {
  const intent = readLinkIntent(value, process.env.AUTH_SECRET ?? '')
  if (!intent) return undefined
  const sessions = await db.session.findMany({ where: { userId: intent.userId, expiresAt: { gt: new Date() } }, select: { id: true } })
  const asked = sessions.find((s) => handleOf(s.id) === intent.sessionHandle)
  return asked ? { userId: intent.userId, sessionId: asked.id } : undefined
}

// NextAuth completes `config` in place (secret, basePath /api/auth): the route handlers below use it too.
const nextAuth = NextAuth(config)

export const { auth, signIn } = nextAuth

/**
 * The request as the browser addressed it. Inside a route handler, Next's request URL (and NextURL,
 * which next-auth's AUTH_URL rewrite goes through) carries `localhost`; Auth.js builds the provider's
 * redirect_uri and its error redirects from it, while the authorization request, started from a server
 * action, used the public address (next-auth's createActionURL). The code exchange then names another
 * redirect_uri and the provider refuses it. So the route hands Auth.js a plain Request at AUTH_URL's
 * origin, or at X-Forwarded-Host / Host like createActionURL.
 */
function asAddressed(request: NextRequest): Request {
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`
  let origin: string
  if (process.env.AUTH_URL) origin = new URL(process.env.AUTH_URL).origin
  else {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? request.nextUrl.host
    const protocol = request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(/:$/, '')
    origin = `${protocol}://${host}`
  }
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body
  return new Request(new URL(path, origin), { method: request.method, headers: request.headers, body, duplex: 'half' } as RequestInit)
}

export const handlers = {
  GET: (request: NextRequest) => Auth(asAddressed(request), config),
  POST: (request: NextRequest) => Auth(asAddressed(request), config),
}

/**
 * Signs out of Tagbench and, after a single sign-on, of the provider too where its discovery
 * document has an end_session_endpoint (RP-initiated logout with id_token_hint): the provider then
 * sends the browser back to `redirectTo`, which must be registered there as a post-logout redirect URI.
 */
export async function signOut(options: { redirectTo?: string } = {}): Promise<void> {
  const redirectTo = options.redirectTo ?? '/sign-in'
  const providerUrl = sso ? await providerSignOutOfThisSession(redirectTo) : null
  if (!providerUrl) {
    await nextAuth.signOut({ redirectTo })
    return
  }
  await nextAuth.signOut({ redirect: false })
  redirect(providerUrl)
}

async function providerSignOutOfThisSession(redirectTo: string): Promise<string | null> {
  if (!sso) return null
  const sid = ((await auth()) as { sid?: string } | null)?.sid
  if (!sid) return null
  const session = await db.session.findUnique({ where: { id: sid }, select: { idToken: true } })
  if (!session?.idToken) return null
  return providerSignOutUrl(sso, session.idToken, new URL(redirectTo, await publicOrigin()).toString())
}

/** This app's address as the browser sees it: AUTH_URL when set, else the page's own origin. */
async function publicOrigin(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin
  const request = await headers()
  // A server action's POST carries Origin, and proxy.ts has refused it unless it is our own.
  const origin = request.get('origin')
  if (origin) return origin
  return `${servedOverHttps() ? 'https' : 'http'}://${request.get('host') ?? '127.0.0.1'}`
}
