// Sends visitors without a session cookie to sign-in before any page renders. This only looks for
// the cookie: pages and API routes still verify the session (and permissions) on the server.
import { NextResponse, type NextRequest } from 'next/server'

const publicPaths = [/^\/sign-in/]

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

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  if (undecodablePath(pathname)) {
    if (pathname.startsWith('/api/')) {
      const message = 'A path segment is not a valid id (it is not valid percent-encoding, or holds characters an id cannot).'
      return NextResponse.json({ error: { code: 'invalid', message, messageKey: 'input.badPathSegment' } }, { status: 400 })
    }
    return new NextResponse('This page does not exist.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  // API routes authenticate themselves (cookie or token); only pages are sent to sign-in.
  if (pathname.startsWith('/api/')) return NextResponse.next()
  const forwarded = new Headers(request.headers)
  forwarded.set('x-tagbench-path', pathname + search)
  if (publicPaths.some((p) => p.test(pathname))) return NextResponse.next({ request: { headers: forwarded } })
  const hasSession = request.cookies.has('authjs.session-token') || request.cookies.has('__Secure-authjs.session-token')
  if (!hasSession) {
    const url = request.nextUrl.clone()
    url.pathname = '/sign-in'
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`
    return NextResponse.redirect(url)
  }
  return NextResponse.next({ request: { headers: forwarded } })
}

// Pages and API routes: static files (anything with an extension, e.g. /icon.svg) pass untouched.
export const config = { matcher: ['/((?!_next/|.*\\..*).*)'] }
