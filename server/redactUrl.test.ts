import { describe, expect, it } from 'vitest'
import { redactUrl } from './redactUrl'

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/journey', 'DATABASE_URL')).toBe('postgres://app:***@db:5432/journey')
    expect(redactUrl('redis://127.0.0.1:6379', 'REDIS_URL')).toBe('redis://127.0.0.1:6379')
  })

  it('never echoes something that is not a URL', () => {
    expect(redactUrl('not a url with s3cret', 'REDIS_URL')).toBe('REDIS_URL')
  })
})
