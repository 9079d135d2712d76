import { describe, expect, it } from 'vitest'
import { getUserColor, USER_COLORS } from './getUserColor'

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
