import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { db } from '../db/client'
import { decoyHash, verifyPassword } from './password'
import { clearFailedLogins, loginBlockedFor, recordFailedLogin } from './rate-limit'

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

function clientAddress(request: Request | undefined): string {
  const forwarded = request?.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || request?.headers.get('x-real-ip') || 'local'
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
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
        const address = clientAddress(request)
        if (await loginBlockedFor(email, address)) throw new TooManyAttempts()

        const user = await db.user.findUnique({ where: { email } })
        // Same work for an unknown email as for a wrong password: no timing hint of which it was.
        const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password)
        if (!user || !ok || user.disabled) {
          if (await recordFailedLogin(email, address)) throw new TooManyAttempts()
          throw new InvalidCredentials()
        }
        await clearFailedLogins(email)
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0
      }
      return token
    },
    session({ session, token }) {
      return { ...session, uid: token.uid as string, sv: token.sv as number }
    },
  },
})
