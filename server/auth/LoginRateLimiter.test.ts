import { describe, expect, it } from 'vitest'
import { ADDRESS_BACKOFF_MS, FREE_ACCOUNT_FAILURES, FREE_ADDRESS_FAILURES, LOGIN_WINDOW_MS, LoginRateLimiter, MAX_ACCOUNT_DELAY_MS } from './LoginRateLimiter'

describe('LoginRateLimiter', () => {
  it('counts an attempt when it starts, so parallel attempts from one address stop at the limit', () => {
    const limiter = new LoginRateLimiter(() => 0)
    // Forty at once: none has finished (failed) yet, yet only the free ones may go ahead.
    const attempts = Array.from({ length: 40 }, (_, i) => limiter.begin(`u${i}@example.com`, '9.9.9.9'))
    expect(attempts.filter((a) => a.ok)).toHaveLength(FREE_ADDRESS_FAILURES)
    expect(attempts.at(-1)).toEqual({ ok: false, retryAfterMs: ADDRESS_BACKOFF_MS })
  })

  it('backs an address off, doubling after each failure past the limit, and forgets after the window', () => {
    let now = 0
    const limiter = new LoginRateLimiter(() => now)
    for (let i = 0; i < FREE_ADDRESS_FAILURES; i++) expect(limiter.begin('a@example.com', '9.9.9.9').ok).toBe(true)
    expect(limiter.begin('b@example.com', '9.9.9.9')).toEqual({ ok: false, retryAfterMs: ADDRESS_BACKOFF_MS })
    now += ADDRESS_BACKOFF_MS
    expect(limiter.begin('b@example.com', '9.9.9.9').ok).toBe(true)
    expect(limiter.begin('b@example.com', '9.9.9.9')).toEqual({ ok: false, retryAfterMs: 2 * ADDRESS_BACKOFF_MS })
    // Another address is not affected.
    expect(limiter.begin('b@example.com', '8.8.8.8').ok).toBe(true)
    now += LOGIN_WINDOW_MS + 1
    expect(limiter.begin('b@example.com', '9.9.9.9').ok).toBe(true)
  })

  it('never blocks an account: past its free failures each attempt is delayed, at most MAX_ACCOUNT_DELAY_MS', () => {
    const limiter = new LoginRateLimiter(() => 0)
    const delays = Array.from({ length: 30 }, (_, i) => limiter.begin('Owner@example.com', `10.0.0.${i}`))
    expect(delays.every((a) => a.ok)).toBe(true)
    const ms = delays.map((a) => (a.ok ? a.delayMs : -1))
    expect(ms.slice(0, FREE_ACCOUNT_FAILURES).every((d) => d === 0)).toBe(true)
    expect(ms.slice(FREE_ACCOUNT_FAILURES, FREE_ACCOUNT_FAILURES + 3)).toEqual([1000, 2000, 4000])
    expect(Math.max(...ms)).toBe(MAX_ACCOUNT_DELAY_MS)
  })

  it('a success clears the account and gives the address its attempt back', () => {
    const limiter = new LoginRateLimiter(() => 0)
    for (let i = 0; i < FREE_ACCOUNT_FAILURES + 2; i++) limiter.begin('a@example.com', `10.0.0.${i}`)
    expect(limiter.begin('a@example.com', '1.1.1.1')).toMatchObject({ delayMs: 4000 })
    limiter.succeeded('A@example.com', '1.1.1.1')
    expect(limiter.begin('a@example.com', '2.2.2.2')).toEqual({ ok: true, delayMs: 0 })
    // Many successful sign-ins from one shared address never make it back off.
    for (let i = 0; i < FREE_ADDRESS_FAILURES * 3; i++) {
      expect(limiter.begin(`u${i}@example.com`, '3.3.3.3').ok).toBe(true)
      limiter.succeeded(`u${i}@example.com`, '3.3.3.3')
    }
  })
})
