import { describe, expect, it } from 'vitest'
import { getSafeCallbackUrl } from './getSafeCallbackUrl'

describe('getSafeCallbackUrl', () => {
  it.each([
    ['/b/abc', '/b/abc'],
    ['/b/abc?x=1#y', '/b/abc?x=1#y'],
    ['/', '/'],
  ])('keeps the same-origin path %s', (raw, expected) => {
    expect(getSafeCallbackUrl(raw)).toBe(expected)
  })

  it.each([
    '/\\example.com/x',
    '/\t/example.com/x',
    '/\n/example.com/x',
    '//example.com/x',
    '\\\\example.com/x',
    'https://example.com/x',
    'javascript:alert(1)',
    'example.com',
    '',
    null,
  ])('sends %j home instead of off the site', (raw) => {
    const safe = getSafeCallbackUrl(raw)
    expect(safe).toBe('/')
    // Whatever it returns, a browser resolving it stays on this origin.
    expect(new URL(safe, 'http://board.test').origin).toBe('http://board.test')
  })

  it('reduces an absolute URL on our own origin to its path, and refuses other origins', () => {
    expect(getSafeCallbackUrl('http://board.test/b/abc?x=1', 'http://board.test')).toBe('/b/abc?x=1')
    expect(getSafeCallbackUrl('http://board.test.evil.com/b', 'http://board.test')).toBe('/')
    expect(getSafeCallbackUrl('http://board.test/\\example.com', 'http://board.test')).toBe('/')
  })
})
