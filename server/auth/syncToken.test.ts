import { describe, expect, it } from 'vitest'
import { createSyncToken, parseDuration, verifySyncToken } from './syncToken'

const SECRET = 'x'.repeat(40)
const claims = { boardId: 'board-123', role: 'participant' as const, name: 'Bot', expiresAt: 2_000 }

describe('sync tokens', () => {
  it('verifies a token it signed, until it expires', () => {
    const token = createSyncToken(claims, SECRET)
    expect(verifySyncToken(token, SECRET, 1_000)).toEqual({ ok: true, claims })
    expect(verifySyncToken(token, SECRET, 2_000)).toEqual({ ok: false, reason: 'expired' })
  })

  it.each([
    ['another secret', (t: string) => t, 'y'.repeat(40), 'bad-signature'],
    ['a changed payload', (t: string) => t.replace(/^v1\.[^.]+/, 'v1.' + Buffer.from(JSON.stringify({ ...claims, role: 'facilitator' })).toString('base64url')), SECRET, 'bad-signature'],
    ['garbage', () => 'not-a-token', SECRET, 'malformed'],
    ['an empty string', () => '', SECRET, 'malformed'],
  ])('refuses %s', (_name, mangle, secret, reason) => {
    expect(verifySyncToken(mangle(createSyncToken(claims, SECRET)), secret, 1_000)).toEqual({ ok: false, reason })
  })

  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
  ])('parses the duration %s', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it('refuses a malformed duration', () => expect(() => parseDuration('1 week')).toThrow(/Invalid duration/))
})
