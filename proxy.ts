// Sends visitors without a session cookie to sign-in before any page renders. This only looks for
// the cookie: pages and API routes still verify the session (and permissions) on the server.
import { NextResponse, type NextRequest } from 'next/server'

const publicPaths = [/^\/sign-in/]

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
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

// Pages only: static files (anything with an extension, e.g. /icon.svg) pass untouched.
export const config = { matcher: ['/((?!_next/|api/|.*\\..*).*)'] }
