import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { db } from '../db/client'
import { decoyHash, verifyPassword } from './password'
import { SESSION_MAX_AGE_SECONDS } from './actor'
import { loginLimiter } from './rate-limit'
import { endSessionById, startSession } from './sessions'
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

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // The cookie is a JWT that names a Session row (lib/auth/sessions.ts); the row is what is checked
  // on every request, so sign-out and "end session" take effect at once.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Secure (and __Secure- prefixed) cookies when the public address is https (README: behind a TLS proxy).
  useSecureCookies: servedOverHttps(),
  pages: { signIn: '/sign-in' },
  logger: {
    // A refused sign-in is an expected outcome, shown to the user; it is not a server error.
    error(error) {
      // Class names do not survive minification; Auth.js' own `type` does.
      if ((error as { type?: string }).type === 'CredentialsSignin') return
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
        const sessionId = await startSession(user.id, { userAgent: request?.headers.get('user-agent'), address })
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, sessionId }
      },
    }),
  ],
  callbacks: {
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
})
