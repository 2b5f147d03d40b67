import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

// In-process limits: right for the single-process app this is. Several app processes behind a
// load balancer would move these to rate-limiter-flexible's Postgres store.
const perAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: 5, duration: 15 * 60 })
const perAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: 30, duration: 15 * 60 })

/** Counts a failed sign-in; returns the seconds to wait when the limit is reached, else null. */
export async function recordFailedLogin(email: string, address: string): Promise<number | null> {
  try {
    await Promise.all([perAccount.consume(email.toLowerCase()), perAddress.consume(address)])
    return null
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.ceil(error.msBeforeNext / 1000)
    throw error
  }
}

/** Seconds to wait before another attempt is allowed, or null when attempts are open. */
export async function loginBlockedFor(email: string, address: string): Promise<number | null> {
  const [account, addr] = await Promise.all([perAccount.get(email.toLowerCase()), perAddress.get(address)])
  const blocked = [
    account && account.consumedPoints >= 5 ? account.msBeforeNext : 0,
    addr && addr.consumedPoints >= 30 ? addr.msBeforeNext : 0,
  ]
  const ms = Math.max(...blocked)
  return ms > 0 ? Math.ceil(ms / 1000) : null
}

export async function clearFailedLogins(email: string): Promise<void> {
  await perAccount.delete(email.toLowerCase())
}
