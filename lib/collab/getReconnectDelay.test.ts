import { describe, expect, it } from 'vitest'
import { getReconnectDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './getReconnectDelay'

describe('getReconnectDelay', () => {
  it.each([
    [0, 0.5, RECONNECT_BASE_MS / 2],
    [1, 0.5, RECONNECT_BASE_MS],
    [3, 0.999, Math.floor(0.999 * RECONNECT_BASE_MS * 8)],
    [20, 0.5, RECONNECT_MAX_MS / 2],
    [0, 0, 0],
  ])('attempt %i with random %f waits %i ms', (attempt, r, expected) => {
    expect(getReconnectDelay(attempt, () => r)).toBe(expected)
  })

  it('spreads 300 clients over the window instead of one instant', () => {
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const delays = Array.from({ length: 300 }, () => getReconnectDelay(4, random))
    const buckets = new Set(delays.map((d) => Math.floor(d / 100)))
    expect(buckets.size).toBeGreaterThan(50)
    expect(Math.max(...delays)).toBeLessThan(RECONNECT_BASE_MS * 16)
  })
})
