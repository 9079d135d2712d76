import { describe, expect, it } from 'vitest'
import { LOGIN_WINDOW_MS, LoginRateLimiter, MAX_FAILED_LOGINS } from './LoginRateLimiter'

describe('LoginRateLimiter', () => {
  it('blocks an email after the allowed failures and lets it in again after the window', () => {
    let now = 0
    const limiter = new LoginRateLimiter(() => now)
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect(limiter.isBlocked('a@example.com', '1.1.1.1')).toBe(false)
      limiter.recordFailure('A@example.com', '1.1.1.1')
    }
    expect(limiter.isBlocked('a@example.com', '2.2.2.2')).toBe(true)
    expect(limiter.isBlocked('b@example.com', '1.1.1.1')).toBe(false)
    now += LOGIN_WINDOW_MS + 1
    expect(limiter.isBlocked('a@example.com', '1.1.1.1')).toBe(false)
  })

  it('blocks an address that tries many emails', () => {
    const limiter = new LoginRateLimiter(() => 0)
    for (let i = 0; i < MAX_FAILED_LOGINS * 4; i++) limiter.recordFailure(`u${i}@example.com`, '9.9.9.9')
    expect(limiter.isBlocked('fresh@example.com', '9.9.9.9')).toBe(true)
  })
})
