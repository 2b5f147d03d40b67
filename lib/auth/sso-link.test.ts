import { describe, expect, it } from 'vitest'
import { LINK_TTL_SECONDS, readLinkIntent, signLinkIntent } from './sso-link'

const secret = 'a-test-secret-that-is-long-enough-0123'
const intent = { userId: 'user-1', sessionHandle: '0123456789abcdef' }

describe('the link cookie', () => {
  it('reads back the user and session it was signed for, until it expires', () => {
    const now = Date.parse('2026-12-03T08:00:00Z')
    const value = signLinkIntent(intent, secret, now)
    expect(readLinkIntent(value, secret, now)).toEqual(intent)
    expect(readLinkIntent(value, secret, now + (LINK_TTL_SECONDS - 1) * 1000)).toEqual(intent)
    expect(readLinkIntent(value, secret, now + (LINK_TTL_SECONDS + 1) * 1000)).toBeNull()
  })

  it('links nobody when it was changed, signed with another secret, or is not one of ours', () => {
    const value = signLinkIntent(intent, secret)
    const [payload, signature] = value.split('.')
    const forged = Buffer.from(JSON.stringify({ u: 'admin', s: intent.sessionHandle, e: 9_999_999_999 })).toString('base64url')
    expect(readLinkIntent(`${forged}.${signature}`, secret)).toBeNull()
    expect(readLinkIntent(value, 'another-secret-that-is-long-enough-456')).toBeNull()
    expect(readLinkIntent(`${payload}.${signature}x`, secret)).toBeNull()
    for (const junk of [undefined, '', 'abc', 'a.b.c', '.', 'x'.repeat(2000)]) expect(readLinkIntent(junk, secret)).toBeNull()
  })
})
