// Guessing limits for anything that checks a secret: sign-in today; invitation redemption and
// password changes call the same limitedAttempt() with their own limiter.
//
// Two rules, so that knowing someone's e-mail does not let you lock them out:
// - per (account, client address) pair: after `pairFailures` consecutive failures that pair is
//   refused for `lockSeconds`; a success clears it. Another address (the owner's) is not affected.
// - per account, over all addresses: beyond `accountFreeFailures` failures in the window, attempts
//   on the account are spaced out by a delay that doubles with each failure, up to `maxDelayMs`.
//   An attempt waits for its turn (the owner's correct password still gets in, later); only when
//   the queue is longer than `maxWaitMs` is the attempt refused with "try again in N seconds".
// In-process state: right for the single-process app this is; several processes would move both
// maps to a table. Plain maps rather than rate-limiter-flexible: the account rule is a schedule, not
// a point budget, and one clock for both rules lets the tests drive time (options.now).

export interface LimiterOptions {
  pairFailures: number
  lockSeconds: number
  accountFreeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  maxWaitMs: number
  /** Failures older than this (since the account's last failure) are forgotten. */
  accountWindowSeconds: number
  /** For tests: the clock and the wait. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export interface AttemptKey {
  /** What is being guessed at: an e-mail (lower-cased here), an invitation id, a user id. */
  account: string
  /** The client address (lib/auth/trusted-proxy.ts clientAddress). */
  address: string
}

export type AttemptOutcome<T> =
  | { ok: true; value: T; waitedMs: number }
  | { ok: false; reason: 'refused'; waitedMs: number }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number }

interface AccountState {
  failures: number
  lastFailureAt: number
  /** When the next attempt on this account may run. */
  nextSlotAt: number
}

export interface AttemptLimiter {
  readonly name: string
  readonly options: Required<Omit<LimiterOptions, 'now' | 'sleep'>>
  /** The wait the next failure would add for this account, for tests and logs. */
  accountDelayMs(account: string): number
  run<T>(key: AttemptKey, attempt: () => Promise<T | null>): Promise<AttemptOutcome<T>>
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createAttemptLimiter(name: string, options: LimiterOptions): AttemptLimiter {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  const pairs = new Map<string, { failures: number; until: number }>()
  const accounts = new Map<string, AccountState>()

  const pairKey = (key: AttemptKey) => `${key.account.toLowerCase()}|${key.address}`
  const accountKey = (key: AttemptKey) => key.account.toLowerCase()

  function accountState(account: string): AccountState | undefined {
    const state = accounts.get(account)
    if (state && now() - state.lastFailureAt > options.accountWindowSeconds * 1000) {
      accounts.delete(account)
      return undefined
    }
    return state
  }

  function delayFor(failures: number): number {
    if (failures < options.accountFreeFailures) return 0
    return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failures - options.accountFreeFailures))
  }

  function pairLockedForMs(key: AttemptKey): number {
    const state = pairs.get(pairKey(key))
    if (!state || state.until <= now()) return 0
    return state.failures >= options.pairFailures ? state.until - now() : 0
  }

  function recordPairFailure(key: AttemptKey) {
    const state = pairs.get(pairKey(key))
    // The lock runs from the last failure: a pair that keeps failing stays locked.
    if (!state || state.until <= now()) pairs.set(pairKey(key), { failures: 1, until: now() + options.lockSeconds * 1000 })
    else Object.assign(state, { failures: state.failures + 1, until: now() + options.lockSeconds * 1000 })
    if (pairs.size > 100_000) pairs.clear()
  }

  function recordAccountFailure(key: AttemptKey) {
    const account = accountKey(key)
    const state = accountState(account) ?? { failures: 0, lastFailureAt: 0, nextSlotAt: 0 }
    state.failures += 1
    state.lastFailureAt = now()
    state.nextSlotAt = Math.max(state.nextSlotAt, now() + delayFor(state.failures))
    accounts.set(account, state)
    if (accounts.size > 100_000) accounts.clear()
  }

  return {
    name,
    options: {
      pairFailures: options.pairFailures,
      lockSeconds: options.lockSeconds,
      accountFreeFailures: options.accountFreeFailures,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      maxWaitMs: options.maxWaitMs,
      accountWindowSeconds: options.accountWindowSeconds,
    },
    accountDelayMs(account) {
      return delayFor((accountState(account.toLowerCase())?.failures ?? 0) + 1)
    },
    async run(key, attempt) {
      const lockedMs = pairLockedForMs(key)
      if (lockedMs > 0) return { ok: false, reason: 'limited', retryAfterSeconds: Math.ceil(lockedMs / 1000) }

      // Take a turn on the account: attempts are spaced `delay` apart, in arrival order.
      let waitedMs = 0
      const state = accountState(accountKey(key))
      if (state) {
        const delay = delayFor(state.failures)
        const slot = Math.max(now(), state.nextSlotAt)
        const wait = slot - now()
        if (wait > options.maxWaitMs) return { ok: false, reason: 'limited', retryAfterSeconds: Math.ceil(wait / 1000) }
        state.nextSlotAt = slot + delay
        if (wait > 0) {
          await sleep(wait)
          waitedMs = wait
        }
      }

      const value = await attempt()
      if (value === null) {
        recordPairFailure(key)
        recordAccountFailure(key)
        return { ok: false, reason: 'refused', waitedMs }
      }
      pairs.delete(pairKey(key))
      return { ok: true, value, waitedMs }
    },
  }
}

/** Sign-in: 5 consecutive failures per (e-mail, address) lock that pair for 15 minutes; beyond 10 failures on an account, attempts on it are spaced 0.25 s, 0.5 s, … up to 8 s apart. */
export const loginLimiter = createAttemptLimiter('login', {
  pairFailures: 5,
  lockSeconds: 15 * 60,
  accountFreeFailures: 10,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxWaitMs: 20_000,
  accountWindowSeconds: 15 * 60,
})
