import { describe, expect, it } from 'vitest'
import { createAttemptLimiter, loginLimiter, type LimiterOptions } from './rate-limit'

/** A limiter on a clock the test moves; waiting advances the clock instead of sleeping. */
function limiterWithClock(overrides: Partial<LimiterOptions> = {}) {
  let time = 1_000_000
  const waits: number[] = []
  const limiter = createAttemptLimiter('test', {
    ...loginLimiter.options,
    ...overrides,
    now: () => time,
    sleep: async (ms) => {
      waits.push(ms)
      time += ms
    },
  })
  return { limiter, waits, advance: (ms: number) => (time += ms) }
}

const wrong = async () => null
const right = async () => 'user-1'

describe('the sign-in limit per (account, address) pair', () => {
  it('refuses the sixth attempt after five consecutive failures, even with the right password', async () => {
    const { limiter } = limiterWithClock()
    const key = { account: 'owner@example.test', address: '203.0.113.7' }
    for (let i = 0; i < 5; i++) expect((await limiter.run(key, wrong)).ok).toBe(false)
    const sixth = await limiter.run(key, right)
    expect(sixth).toMatchObject({ ok: false, reason: 'limited' })
    if (!sixth.ok && sixth.reason === 'limited') expect(sixth.retryAfterSeconds).toBeGreaterThan(14 * 60)
  })

  it('does not lock the owner out: the same account from another address still signs in', async () => {
    const { limiter } = limiterWithClock()
    const attacker = { account: 'owner@example.test', address: '198.51.100.9' }
    for (let i = 0; i < 5; i++) await limiter.run(attacker, wrong)
    expect((await limiter.run(attacker, right)).ok).toBe(false)
    const owner = await limiter.run({ account: 'Owner@Example.test', address: '203.0.113.7' }, right)
    expect(owner).toMatchObject({ ok: true, value: 'user-1' })
  })

  it('counts consecutive failures: a success clears the pair', async () => {
    const { limiter } = limiterWithClock()
    const key = { account: 'typo@example.test', address: '203.0.113.7' }
    for (let i = 0; i < 4; i++) await limiter.run(key, wrong)
    expect((await limiter.run(key, right)).ok).toBe(true)
    for (let i = 0; i < 4; i++) expect((await limiter.run(key, wrong)).ok).toBe(false)
    expect(await limiter.run(key, right)).toMatchObject({ ok: true })
  })

  it('opens the pair again after the lock time', async () => {
    const { limiter, advance } = limiterWithClock()
    const key = { account: 'owner@example.test', address: '203.0.113.7' }
    for (let i = 0; i < 5; i++) await limiter.run(key, wrong)
    expect(await limiter.run(key, right)).toMatchObject({ reason: 'limited' })
    advance(15 * 60 * 1000 + 1)
    expect(await limiter.run(key, right)).toMatchObject({ ok: true })
  })

  it('keeps different addresses apart: failures with invented e-mails from one address do not touch another user', async () => {
    const { limiter } = limiterWithClock()
    for (let i = 0; i < 30; i++) await limiter.run({ account: `invented-${i}@example.test`, address: '198.51.100.9' }, wrong)
    expect(await limiter.run({ account: 'real@example.test', address: '203.0.113.7' }, right)).toMatchObject({ ok: true, waitedMs: 0 })
    // …nor a real user who shares the attacker's address: each account is its own pair.
    expect(await limiter.run({ account: 'real@example.test', address: '198.51.100.9' }, right)).toMatchObject({ ok: true })
  })
})

describe('an account attacked from many addresses', () => {
  it('is slowed by a growing delay, not blocked: the owner still gets in', async () => {
    const { limiter, waits } = limiterWithClock()
    const account = 'target@example.test'
    // 40 addresses, 5 failures each: no pair is ever refused more than its own five.
    for (let a = 0; a < 40; a++) {
      for (let i = 0; i < 5; i++) await limiter.run({ account, address: `10.0.${a}.1` }, wrong)
    }
    // The spacing grew: 0.25 s after the tenth failure, doubling up to 8 s.
    expect(waits.length).toBeGreaterThan(100)
    expect(waits[0]).toBe(250)
    expect(waits[1]).toBe(500)
    expect(Math.max(...waits)).toBe(8_000)
    const owner = await limiter.run({ account, address: '203.0.113.7' }, right)
    expect(owner).toMatchObject({ ok: true, value: 'user-1' })
    if (owner.ok) expect(owner.waitedMs).toBeLessThanOrEqual(8_000)
  })

  it('refuses for a few seconds, instead of queueing without end, when attempts pile up at once', async () => {
    let time = 0
    const limiter = createAttemptLimiter('burst', { ...loginLimiter.options, now: () => time, sleep: async () => {} })
    const account = 'target@example.test'
    for (let i = 0; i < 15; i++) await limiter.run({ account, address: `10.1.${i}.1` }, wrong)
    // Twenty attempts arriving together (the clock does not move): the first few take the next
    // turns, the rest are told to come back.
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.run({ account, address: `10.2.${i}.1` }, wrong)))
    const limited = outcomes.filter((o) => !o.ok && o.reason === 'limited')
    expect(limited.length).toBeGreaterThan(0)
    expect(limited.length).toBeLessThan(20)
    for (const o of limited) if (!o.ok && o.reason === 'limited') expect(o.retryAfterSeconds).toBeLessThanOrEqual(60)
    time += 60 * 60 * 1000
    expect(await limiter.run({ account, address: '203.0.113.7' }, right)).toMatchObject({ ok: true, waitedMs: 0 })
  })

  it('forgets old failures after the window', async () => {
    const { limiter, advance } = limiterWithClock()
    const account = 'target@example.test'
    for (let i = 0; i < 12; i++) await limiter.run({ account, address: `10.3.${i}.1` }, wrong)
    expect(limiter.accountDelayMs(account)).toBeGreaterThan(0)
    advance(15 * 60 * 1000 + 1)
    expect(limiter.accountDelayMs(account)).toBe(0)
  })
})
