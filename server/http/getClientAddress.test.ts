import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { getClientAddress } from './getClientAddress'

const req = (forwardedFor: string | undefined, peer = '10.0.0.1') => ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage

describe('getClientAddress', () => {
  it('is the socket peer unless proxies are trusted', () => {
    expect(getClientAddress(req('1.2.3.4'), 0)).toBe('10.0.0.1')
  })

  it('takes the entry the trusted proxy appended, not what the client claimed before it', () => {
    expect(getClientAddress(req('6.6.6.6, 1.2.3.4'), 1)).toBe('1.2.3.4')
    expect(getClientAddress(req('6.6.6.6, 1.2.3.4, 172.16.0.2'), 2)).toBe('1.2.3.4')
    expect(getClientAddress(req('1.2.3.4'), 2)).toBe('1.2.3.4')
    expect(getClientAddress(req(undefined), 1)).toBe('10.0.0.1')
  })
})
