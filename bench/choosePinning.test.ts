import { describe, expect, it } from 'vitest'
import { choosePinning } from './choosePinning'

describe('choosePinning', () => {
  const pinned = { serverCore: 1, generatorCore: 0 }

  it('pins by default on two cores or more with taskset', () => {
    expect(choosePinning([], 2, true)).toEqual({ pinning: pinned, reason: 'by default on 2 cores' })
  })

  it('does not pin by default on one core or without taskset', () => {
    expect(choosePinning([], 1, true).pinning).toBeUndefined()
    expect(choosePinning([], 4, false).pinning).toBeUndefined()
  })

  it('--no-pin turns it off, --pin insists', () => {
    expect(choosePinning(['--no-pin'], 2, true)).toEqual({ reason: '--no-pin' })
    expect(choosePinning(['--pin'], 2, true)).toEqual({ pinning: pinned, reason: '--pin' })
    expect(() => choosePinning(['--pin'], 1, true)).toThrow(/1 core/)
    expect(() => choosePinning(['--pin'], 2, false)).toThrow(/taskset/)
  })
})
