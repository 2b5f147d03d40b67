import argon2 from 'argon2'

// argon2id with the library's defaults (m=64 MiB, t=3, p=4), the family OWASP recommends.
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

let decoy: Promise<string> | undefined
/** Verified against when the email is unknown, so that both refusals take the same time. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('a password that matches no account')
  return decoy
}
