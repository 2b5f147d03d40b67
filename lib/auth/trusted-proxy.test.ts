import { describe, expect, it } from 'vitest'
import { clientAddress, parseTrustedProxies, PEER_HEADER, servedOverHttps } from './trusted-proxy'

const request = (peer: string | undefined, forwardedFor?: string) =>
  new Headers({ ...(peer !== undefined ? { [PEER_HEADER]: peer } : {}), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) })

describe('clientAddress', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (the default: none)', () => {
    const none = parseTrustedProxies('')
    expect(clientAddress(request('198.51.100.9', '1.2.3.4'), none)).toBe('198.51.100.9')
    expect(clientAddress(request('::ffff:198.51.100.9', '1.2.3.4'), none)).toBe('198.51.100.9')
  })

  it('takes the client from X-Forwarded-For when the peer is a trusted proxy, skipping trusted hops from the right', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.168.1.5, ::1')
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), trusted)).toBe('203.0.113.7')
    // A client that sends its own X-Forwarded-For gets its forged value put on the left: ignored.
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 203.0.113.7, 192.168.1.5'), trusted)).toBe('203.0.113.7')
    expect(clientAddress(request('::1', '203.0.113.8'), trusted)).toBe('203.0.113.8')
    // A trusted proxy that forwarded nothing: the proxy itself is the client.
    expect(clientAddress(request('10.0.0.2'), trusted)).toBe('10.0.0.2')
    // Garbage in the chain stops the walk at the last good address.
    expect(clientAddress(request('10.0.0.2', 'not-an-ip, 203.0.113.7'), trusted)).toBe('203.0.113.7')
  })

  it('says "unknown" when the server did not name the peer', () => {
    expect(clientAddress(request(undefined, '1.2.3.4'), parseTrustedProxies(''))).toBe('unknown')
  })
})

describe('parseTrustedProxies', () => {
  it('refuses entries that are not addresses or ranges, with a sentence', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x']) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/TAGBENCH_TRUSTED_PROXIES: .* is not an IP address or CIDR range/)
    }
  })
})

describe('servedOverHttps', () => {
  it('follows the public address in AUTH_URL', () => {
    expect(servedOverHttps({ AUTH_URL: 'https://tagbench.example.cn' })).toBe(true)
    expect(servedOverHttps({ AUTH_URL: 'http://127.0.0.1:3000' })).toBe(false)
    expect(servedOverHttps({})).toBe(false)
  })
})
