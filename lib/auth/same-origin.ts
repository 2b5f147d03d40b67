// Cross-site request forgery: a browser sends the session cookie with requests that other sites
// start (a page on another port of the same host is even "same-site", so SameSite=Lax does not
// help). State-changing requests that rely on the cookie must therefore come from our own pages.
import { forbidden } from '../errors'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Origins our own pages have: the request's Host (as the browser addressed it) and AUTH_URL's. */
function ownOrigins(request: Request, env: NodeJS.ProcessEnv = process.env): { hosts: Set<string>; origins: Set<string> } {
  const hosts = new Set<string>()
  const origins = new Set<string>()
  const host = request.headers.get('host')
  if (host) hosts.add(host.toLowerCase())
  if (env.AUTH_URL) {
    try {
      origins.add(new URL(env.AUTH_URL).origin.toLowerCase())
    } catch {
      // An unparsable AUTH_URL adds nothing; the Host check still applies.
    }
  }
  return { hosts, origins }
}

/** Whether the request says it comes from one of our own pages (Sec-Fetch-Site, else Origin). */
export function isSameOrigin(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site')
  if (fetchSite) return fetchSite === 'same-origin'
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  const own = ownOrigins(request)
  return own.origins.has(url.origin.toLowerCase()) || own.hosts.has(url.host.toLowerCase())
}

/** True for methods that change state, sent with the session cookie rather than a bearer token. */
export function needsOriginCheck(request: Request): boolean {
  return !safeMethods.has(request.method.toUpperCase()) && !request.headers.has('authorization')
}

/** Refuses a cookie-authenticated state-changing request that does not come from our own pages. */
export function assertSameOrigin(request: Request): void {
  if (!needsOriginCheck(request) || isSameOrigin(request)) return
  throw forbidden(
    'This request did not come from a Tagbench page (its Origin is missing or another site), so it was refused. Use the app, or send a personal access token as "Authorization: Bearer …".',
    { key: 'auth.crossSite' },
  )
}
