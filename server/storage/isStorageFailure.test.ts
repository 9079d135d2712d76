import { describe, expect, it } from 'vitest'
import { isStorageFailure } from './isStorageFailure'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('isStorageFailure', () => {
  it.each(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_READONLY', '08006', '53100', '57P01', '58030', 'ECONNREFUSED', 'ENOSPC'])('counts %s as an outage', (code) => {
    expect(isStorageFailure(withCode(code))).toBe(true)
  })

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', '23505', '42601', 'ERR_INVALID_ARG_TYPE'])('does not count %s', (code) => {
    expect(isStorageFailure(withCode(code))).toBe(false)
  })

  it('reads pg pool messages without a code, and ignores everything else', () => {
    expect(isStorageFailure(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isStorageFailure(new Error('Cannot read properties of undefined'))).toBe(false)
    expect(isStorageFailure(undefined)).toBe(false)
    expect(isStorageFailure('SQLITE_FULL')).toBe(false)
  })
})
