// Runs before every request (pages, API, static files):
// - security headers on every response, and a Content-Security-Policy whose nonce Next.js puts on
//   its own scripts (it reads the policy from the request headers set here);
// - a POST to a page (a server action) from another site is refused with 403 here, before Next's
//   own check would answer it with a 500;
// - visitors without a session cookie are sent to sign-in before any page renders. This only looks
//   for the cookie: pages and API routes still verify the session (and permissions) on the server.
import { NextResponse, type NextRequest } from 'next/server'
import { isSameOrigin } from '@/lib/auth/same-origin'
import { commonSecurityHeaders, newNonce, pagePolicy, resourcePolicy } from '@/lib/http/security-headers'

// /invite/<token>: a person with an invitation link has no session yet.
const publicPaths = [/^\/sign-in/, /^\/invite\//]

/**
 * A path that is not valid percent-encoding (/api/v1/documents/%ff), or that decodes to NUL or a
 * lone surrogate: Next would fail on it with a bare 500 before any route runs (issue #17, hole 5).
 */
function undecodablePath(pathname: string): boolean {
  try {
    const decoded = decodeURIComponent(pathname)
    return decoded.includes('\u0000') || !decoded.isWellFormed()
  } catch {
    return true
  }
}

function withHeaders(response: NextResponse, policy: string): NextResponse {
  response.headers.set('Content-Security-Policy', policy)
  for (const [name, value] of Object.entries(commonSecurityHeaders())) response.headers.set(name, value)
  return response
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  if (undecodablePath(pathname)) {
    if (pathname.startsWith('/api/')) {
      const message = 'A path segment is not a valid id (it is not valid percent-encoding, or holds characters an id cannot).'
      return withHeaders(NextResponse.json({ error: { code: 'invalid', message, messageKey: 'input.badPathSegment' } }, { status: 400 }), resourcePolicy)
    }
    return withHeaders(new NextResponse('This page does not exist.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }), resourcePolicy)
  }
  // API answers, Next's static files and files with an extension (e.g. /icon.svg) are not pages.
  if (pathname.startsWith('/api/') || pathname.startsWith('/_next/') || /\.[^/]*$/.test(pathname)) {
    return withHeaders(NextResponse.next(), resourcePolicy)
  }

  if (request.method === 'POST' && !isSameOrigin(request)) {
    return withHeaders(new NextResponse('This request did not come from a Tagbench page, so it was refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }), resourcePolicy)
  }

  const nonce = newNonce()
  const policy = pagePolicy(nonce)
  const forwarded = new Headers(request.headers)
  forwarded.set('x-tagbench-path', pathname + search)
  forwarded.set('x-nonce', nonce)
  forwarded.set('Content-Security-Policy', policy)
  if (publicPaths.some((p) => p.test(pathname))) return withHeaders(NextResponse.next({ request: { headers: forwarded } }), policy)
  const hasSession = request.cookies.has('authjs.session-token') || request.cookies.has('__Secure-authjs.session-token')
  if (!hasSession) {
    const url = request.nextUrl.clone()
    url.pathname = '/sign-in'
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`
    return withHeaders(NextResponse.redirect(url), policy)
  }
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), policy)
}

// Every path: static files get the headers too.
export const config = { matcher: ['/:path*'] }
