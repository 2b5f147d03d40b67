// Who is on the other end of a request, and over what. The direct peer's address comes from the
// server itself (scripts/server.ts sets x-tagbench-peer from the socket, overwriting whatever a
// client sent): Next.js hides the socket from route handlers and fills X-Forwarded-For only when
// the client sent none, so a client could otherwise choose its own address.
import { BlockList, isIP } from 'node:net'

export const PEER_HEADER = 'x-tagbench-peer'

/** TAGBENCH_TRUSTED_PROXIES: comma-separated IPs or CIDRs of the proxies allowed to forward a client address. Default: none. */
export function trustedProxiesSetting(env: Record<string, string | undefined> = process.env): string {
  return env.TAGBENCH_TRUSTED_PROXIES ?? ''
}

/** Strips the IPv4-mapped prefix (::ffff:1.2.3.4) and an IPv6 zone, so one address has one spelling. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)
  return (mapped ? mapped[1] : trimmed).toLowerCase()
}

/** Parses the setting into a BlockList; throws with a sentence on an entry that is not an IP or CIDR. */
export function parseTrustedProxies(setting: string): BlockList {
  const list = new BlockList()
  for (const raw of setting.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits, extra] = raw.split('/')
    const ip = normalizeAddress(address)
    const family = isIP(ip)
    const prefix = bits === undefined ? undefined : Number(bits)
    const maxBits = family === 6 ? 128 : 32
    if (!family || extra !== undefined || (prefix !== undefined && (!/^\d+$/.test(bits) || prefix > maxBits))) {
      throw new Error(`TAGBENCH_TRUSTED_PROXIES: "${raw}" is not an IP address or CIDR range (e.g. 10.0.0.1 or 10.0.0.0/8).`)
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (prefix === undefined) list.addAddress(ip, type)
    else list.addSubnet(ip, prefix, type)
  }
  return list
}

let cached: { setting: string; list: BlockList } | undefined
function trustedList(): BlockList {
  const setting = trustedProxiesSetting()
  if (cached?.setting !== setting) cached = { setting, list: parseTrustedProxies(setting) }
  return cached.list
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address)
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/**
 * The client's address: the direct peer, unless the peer is a trusted proxy; then X-Forwarded-For
 * is walked from the right (each proxy appends the address it saw) past the trusted proxies, and
 * the first address not trusted is the client. 'unknown' when the server did not say who the peer is.
 */
export function clientAddress(headers: Headers, list: BlockList = trustedList()): string {
  const peer = headers.get(PEER_HEADER)
  if (!peer) return 'unknown'
  let client = normalizeAddress(peer)
  if (!isTrusted(list, client)) return client
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map(normalizeAddress).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) break
    client = hops[i]
    if (!isTrusted(list, client)) break
  }
  return client
}

/** HTTPS mode: the public address (AUTH_URL) starts with https://, e.g. behind a TLS-terminating proxy. */
export function servedOverHttps(env: Record<string, string | undefined> = process.env): boolean {
  return /^https:\/\//i.test(env.AUTH_URL ?? '')
}
