import { describe, expect, it } from 'vitest'
import { formatRatio, getRatio } from './formatRatio'

describe('getRatio', () => {
  it('divides ours by the reference', () => {
    expect(getRatio(13.9, 7)).toBeCloseTo(1.986)
  })

  it('raises both to the floor first', () => {
    expect(getRatio(2, 1, 5)).toBe(1)
    expect(getRatio(10, 1, 5)).toBe(2)
    expect(getRatio(4, 20, 5)).toBe(0.25)
  })

  it('has no ratio without both figures or with a zero reference', () => {
    expect(getRatio(undefined, 3)).toBeUndefined()
    expect(getRatio(3, undefined)).toBeUndefined()
    expect(getRatio(NaN, 3)).toBeUndefined()
    expect(getRatio(3, 0)).toBeUndefined()
  })
})

describe('formatRatio', () => {
  it('prints two decimals, or two significant digits below 0.1', () => {
    expect(formatRatio(1.986)).toBe('1.99x')
    expect(formatRatio(0.51)).toBe('0.51x')
    expect(formatRatio(0.00278)).toBe('0.0028x')
  })

  it('prints a dash for no ratio', () => {
    expect(formatRatio(undefined)).toBe('–')
    expect(formatRatio(Infinity)).toBe('–')
  })
})
