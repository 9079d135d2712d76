import { describe, expect, it } from 'vitest'
import { getContrastRatio, getReadableTextColor, getUserColor, USER_COLORS } from './getUserColor'

describe('getUserColor', () => {
  it('gives one palette colour per user id, the same every time', () => {
    for (const id of ['u1', 'token:Pat', 'a-long-user-id-0123456789']) {
      expect(USER_COLORS).toContain(getUserColor(id))
      expect(getUserColor(id)).toBe(getUserColor(id))
    }
  })

  it('spreads ids over the palette', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => getUserColor(`user-${i}`)))
    expect(used.size).toBe(USER_COLORS.length)
  })
})

describe('getReadableTextColor', () => {
  it('gives every user colour text of at least 4.5:1 contrast (WCAG AA for small text)', () => {
    for (const color of USER_COLORS) expect(getContrastRatio(color, getReadableTextColor(color)), color).toBeGreaterThanOrEqual(4.5)
  })

  it('picks white on dark and black on light colours', () => {
    expect(getReadableTextColor('#1971c2')).toBe('#ffffff')
    expect(getReadableTextColor('#f08c00')).toBe('#000000')
    expect(getContrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
  })
})
