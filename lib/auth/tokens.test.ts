import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashToken, looksLikeToken, newToken } from './tokens'

describe('newToken', () => {
  it('makes a different secret every time', () => {
    const tokens = Array.from({ length: 200 }, () => newToken())
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(tokens.length)
    expect(new Set(tokens.map((t) => t.hash)).size).toBe(tokens.length)
  })

  it('stores a SHA-256 hex hash of the secret, never the secret itself', () => {
    const token = newToken()
    expect(token.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(token.hash).toBe(createHash('sha256').update(token.secret, 'utf8').digest('hex'))
    expect(token.hash).not.toBe(token.secret)
    expect(token.hash).not.toContain(token.secret.slice(6))
    expect(hashToken(token.secret)).toBe(token.hash)
  })

  it('carries at least 256 random bits and a short prefix to tell tokens apart', () => {
    const token = newToken()
    expect(token.secret.startsWith('tbpat_')).toBe(true)
    const random = Buffer.from(token.secret.slice('tbpat_'.length), 'base64url')
    expect(random.length).toBeGreaterThanOrEqual(32)
    expect(token.secret.startsWith(token.prefix)).toBe(true)
    expect(token.prefix.length).toBeLessThan(token.secret.length / 2)
  })

  it('hashes different secrets differently and the same secret the same', () => {
    expect(hashToken('tbpat_a')).not.toBe(hashToken('tbpat_b'))
    expect(hashToken('tbpat_a')).toBe(hashToken('tbpat_a'))
  })
})

describe('looksLikeToken', () => {
  it('recognises a new token and refuses other strings', () => {
    expect(looksLikeToken(newToken().secret)).toBe(true)
    for (const value of ['', 'tbpat_', 'tbpat_short', 'Bearer abc', `x${newToken().secret}`]) expect(looksLikeToken(value), value).toBe(false)
  })
})
