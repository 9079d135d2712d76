import { describe, expect, it } from 'vitest'
import { TokenBucket } from './TokenBucket'

describe('TokenBucket', () => {
  it('allows a burst, refuses past it, and refills at the rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 20, () => now)
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 100 // 0.1 s at 10/s = 1 token
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 60_000
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })

  it('takes many tokens at once (bytes per minute), refusing an amount it does not hold', () => {
    let now = 0
    const bucket = new TokenBucket(1_000 / 60, 1_000, () => now)
    expect(bucket.take(600)).toBe(true)
    expect(bucket.take(600)).toBe(false)
    expect(bucket.take(400)).toBe(true)
    now += 30_000 // half a minute: 500 bytes back
    expect(bucket.take(501)).toBe(false)
    expect(bucket.take(500)).toBe(true)
  })
})
