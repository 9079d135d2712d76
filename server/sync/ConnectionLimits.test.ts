import { describe, expect, it } from 'vitest'
import { CloseReason } from '../../lib/collab/closeReasons'
import { ConnectionLimits, type ConnectionKeys } from './ConnectionLimits'

const settings = { maxConnectionsPerBoard: 4, maxConnectionsPerUser: 2, maxConnectionsPerIp: 3, maxPendingPerIp: 2 }
const keys = (principal: string, boardId = 'b1', address = '10.0.0.1'): ConnectionKeys => ({ boardId, principal, address })

describe('ConnectionLimits', () => {
  it.each([
    ['one account opens more than its limit', [keys('user:a'), keys('user:a')], keys('user:a'), 'too many connections for this account'],
    ['a board is full', [keys('user:a', 'b1', '1'), keys('user:b', 'b1', '2'), keys('user:c', 'b1', '3'), keys('user:d', 'b1', '4')], keys('user:e', 'b1', '5'), 'too many connections to this board'],
    ['one address passes its backstop', [keys('user:a', 'b1'), keys('user:b', 'b2'), keys('user:c', 'b3')], keys('user:d', 'b4'), 'too many connections from this address'],
  ])('refuses with TOO_MANY_CONNECTIONS when %s', (_what, open, next, reason) => {
    const limits = new ConnectionLimits(settings)
    for (const k of open) {
      expect(limits.check(k)).toBeUndefined()
      limits.open(k)
    }
    expect(limits.check(next)).toEqual({ code: CloseReason.TOO_MANY_CONNECTIONS, reason })
  })

  it('lets a connection in again once another of the same party closed, and uncounts only once', () => {
    const limits = new ConnectionLimits(settings)
    const close = limits.open(keys('user:a'))
    limits.open(keys('user:a'))
    expect(limits.check(keys('user:a'))).toBeDefined()
    close()
    close()
    expect(limits.check(keys('user:a'))).toBeUndefined()
    limits.open(keys('user:a'))
    expect(limits.check(keys('user:a'))).toBeDefined()
  })

  it('limits upgrades still being authenticated per address, apart from other addresses', () => {
    const limits = new ConnectionLimits(settings)
    const first = limits.beginPending('10.0.0.1')
    const second = limits.beginPending('10.0.0.1')
    expect(typeof first).toBe('function')
    expect(typeof second).toBe('function')
    expect(limits.beginPending('10.0.0.1')).toEqual({ code: CloseReason.TOO_MANY_CONNECTIONS, reason: 'too many connections being opened from this address' })
    expect(typeof limits.beginPending('10.0.0.2')).toBe('function')
    ;(first as () => void)()
    expect(typeof limits.beginPending('10.0.0.1')).toBe('function')
  })

  it('counts open connections apart from pending ones', () => {
    const limits = new ConnectionLimits(settings)
    limits.beginPending('10.0.0.1')
    limits.beginPending('10.0.0.1')
    expect(limits.check(keys('user:a'))).toBeUndefined()
  })
})
