import { describe, expect, it } from 'vitest'
import { getFullScenarios, getScheduledEdits, getSmokeScenarios } from './scenarios'

describe('getScheduledEdits', () => {
  const spec = (key: string) => [...getFullScenarios(), ...getSmokeScenarios()].find((s) => s.key === key)!

  it('is rate x duration for every synced client', () => {
    expect(getScheduledEdits({ ...spec('b'), durationMs: 8_000 }, 300)).toBe(4_800)
    expect(getScheduledEdits({ ...spec('b'), durationMs: 8_000 }, 298)).toBe(4_768)
  })

  it('stops at the quota when there is one', () => {
    expect(getScheduledEdits(spec('d'), 5)).toBe(100_000)
  })
})
