import { describe, expect, it } from 'vitest'
import { shouldGreekText } from './noteGreeking'

describe('shouldGreekText', () => {
  it('greeks only on a dense page, and only text under 7 device pixels', () => {
    expect(shouldGreekText(undefined, 22)).toBe(false)
    // The 4,000-note bench board fitted into 1400 x 900: zoom 0.22, 22 px text is 4.8 device px.
    expect(shouldGreekText(0.22, 22)).toBe(true)
    // The same zoom on a screen with two device pixels per CSS pixel: 9.7 device px, legible.
    expect(shouldGreekText(0.44, 22)).toBe(false)
    expect(shouldGreekText(7 / 22, 22)).toBe(false)
    expect(shouldGreekText(6.9 / 22, 22)).toBe(true)
  })
})
