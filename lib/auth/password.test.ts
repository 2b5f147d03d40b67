import { describe, expect, it } from 'vitest'
import { decoyHash, hashPassword, verifyPassword } from './password'

describe('hashPassword', () => {
  it('produces argon2id hashes that verify only with the right password', async () => {
    const password = 'correct horse battery staple 法治'
    const hash = await hashPassword(password)
    expect(hash.startsWith('$argon2id$')).toBe(true)
    expect(hash).not.toContain(password)
    expect(await verifyPassword(hash, password)).toBe(true)
    for (const wrong of ['', 'correct horse battery staple', `${password} `, password.toUpperCase()]) {
      expect(await verifyPassword(hash, wrong), JSON.stringify(wrong)).toBe(false)
    }
  })

  it('salts: the same password hashes differently each time, and both verify', async () => {
    const password = 'same-password-123'
    const [a, b] = await Promise.all([hashPassword(password), hashPassword(password)])
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, password)).toBe(true)
    expect(await verifyPassword(b, password)).toBe(true)
  })

  it('returns false instead of throwing for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
    expect(await verifyPassword('', 'anything')).toBe(false)
  })

  it('has a decoy hash that matches no ordinary password', async () => {
    const decoy = await decoyHash()
    expect(decoy.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(decoy, 'tagbench-test-password')).toBe(false)
    expect(await decoyHash()).toBe(decoy)
  })
})
