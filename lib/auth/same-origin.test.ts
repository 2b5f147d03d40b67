import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors'
import { assertSameOrigin, isSameOrigin } from './same-origin'

const app = 'http://127.0.0.1:3000'
const req = (method: string, headers: Record<string, string>) => new Request(`${app}/api/v1/tags/x/review`, { method, headers: { host: '127.0.0.1:3000', ...headers } })

describe('the cross-site check of cookie-authenticated writes', () => {
  it('lets our own pages through (Sec-Fetch-Site, or an Origin equal to the host)', () => {
    expect(isSameOrigin(req('POST', { 'sec-fetch-site': 'same-origin' }))).toBe(true)
    expect(isSameOrigin(req('POST', { origin: app }))).toBe(true)
    expect(() => assertSameOrigin(req('DELETE', { origin: app }))).not.toThrow()
  })

  it('refuses a sibling port, another site, a null or missing Origin, and same-site fetches', () => {
    const cases: Record<string, string>[] = [
      { origin: 'http://127.0.0.1:8080' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      {},
      { 'sec-fetch-site': 'same-site', origin: app },
      { 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of cases) {
      for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
        let error: unknown
        try {
          assertSameOrigin(req(method, headers))
        } catch (e) {
          error = e
        }
        expect(error, `${method} ${JSON.stringify(headers)}`).toBeInstanceOf(DomainError)
        expect((error as DomainError).status).toBe(403)
        expect((error as DomainError).i18n?.key).toBe('auth.crossSite')
      }
    }
  })

  it('exempts reads and bearer-token requests (a token is not sent by a browser on its own)', () => {
    expect(() => assertSameOrigin(req('GET', { origin: 'https://evil.example' }))).not.toThrow()
    expect(() => assertSameOrigin(req('POST', { authorization: 'Bearer tbpat_x' }))).not.toThrow()
  })

  it('accepts the public origin of AUTH_URL behind a proxy that rewrites Host', () => {
    const previous = process.env.AUTH_URL
    process.env.AUTH_URL = 'https://tagbench.example.cn'
    try {
      expect(isSameOrigin(req('POST', { origin: 'https://tagbench.example.cn' }))).toBe(true)
      expect(isSameOrigin(req('POST', { origin: 'http://tagbench.example.cn:8443' }))).toBe(false)
    } finally {
      if (previous === undefined) delete process.env.AUTH_URL
      else process.env.AUTH_URL = previous
    }
  })
})
