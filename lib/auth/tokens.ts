import { createHash, randomBytes } from 'node:crypto'

const TOKEN_PREFIX = 'tbpat_'

/** A new personal access token: the secret is shown once, only its hash is stored. */
export function newToken(): { secret: string; hash: string; prefix: string } {
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6) }
}

// Tokens carry 256 random bits, so a fast hash is enough (no salt or stretching needed).
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length > TOKEN_PREFIX.length + 20
}
