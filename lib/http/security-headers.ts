// Security headers for every response (pages, API answers, 404s, static files). proxy.ts applies
// them; a page gets a Content-Security-Policy with a fresh nonce that Next.js puts on its own scripts.
import { servedOverHttps } from '../auth/trusted-proxy'

/** A fresh nonce for one page response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
}

/**
 * The policy of a page. Scripts: only ours with this response's nonce (and what they load:
 * 'strict-dynamic'), never inline without it. Styles: Mantine writes style tags and attributes at
 * run time, so styles keep 'unsafe-inline' (a style cannot run code). No framing by anyone.
 */
export function pagePolicy(nonce: string, dev = process.env.NODE_ENV === 'development', formOrigins = singleSignOnOrigins()): string {
  return [
    "default-src 'self'",
    // React's dev build evaluates code for its stack traces; production never needs 'unsafe-eval'.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
        // A form may also lead to the single sign-on provider: the sign-in button's POST is answered with
    // a redirect to it (and signing out with one to its end-session page), which form-action governs.
    `form-action 'self'${formOrigins.map((o) => ` ${o}`).join('')}`,
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The OpenID provider's origin when single sign-on is configured (TAGBENCH_OIDC_ISSUER), else none. */
export function singleSignOnOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const issuer = env.TAGBENCH_OIDC_ISSUER
  if (!issuer) return []
  try {
    const { origin, protocol } = new URL(issuer)
    return protocol === 'https:' || protocol === 'http:' ? [origin] : []
  } catch {
    // The configuration check (lib/config/env.ts) refuses such a value at start; never widen the policy for it.
    return []
  }
}

/** Answers that are not pages (JSON, files) run nothing and embed nothing. */
export const resourcePolicy = "default-src 'none'; frame-ancestors 'none'; sandbox"

/** The headers every response carries besides its Content-Security-Policy. */
export function commonSecurityHeaders(env: Record<string, string | undefined> = process.env): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(servedOverHttps(env) ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  }
}
