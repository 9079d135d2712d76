import { describe, expect, it } from 'vitest'
import { buildVoteKey, getRemainingMs, isInLockedRegion, parseVoteKey, tallyVotes } from './sessionState'

describe('session state helpers', () => {
  it.each([
    [{ state: 'running' as const, endsAt: 10_000, remainingMs: 0, durationMs: 60_000 }, 4_000, 6_000],
    [{ state: 'running' as const, endsAt: 10_000, remainingMs: 0, durationMs: 60_000 }, 12_000, 0],
    [{ state: 'paused' as const, endsAt: null, remainingMs: 30_000, durationMs: 60_000 }, 99_000, 30_000],
    [{ state: 'stopped' as const, endsAt: null, remainingMs: 0, durationMs: 0 }, 1, 0],
  ])('timer %j at %i has %i ms left', (timer, now, left) => expect(getRemainingMs(timer, now)).toBe(left))

  it('round-trips vote keys and refuses malformed ones', () => {
    expect(parseVoteKey(buildVoteKey('v1', 'user-7', 2))).toEqual({ voteId: 'v1', userId: 'user-7', slot: 2 })
    expect(parseVoteKey('v1|u')).toBeUndefined()
    expect(parseVoteKey('v1|u|-1')).toBeUndefined()
    expect(parseVoteKey('v1|u|x')).toBeUndefined()
  })

  it('tallies readable dots per note for one vote only', () => {
    const tally = tallyVotes(
      [
        ['v1|a|0', 'shape:n1'],
        ['v1|a|1', 'shape:n1'],
        ['v1|b|0', 'shape:n2'],
        ['v0|a|0', 'shape:n2'],
        ['v1|c|0', 42],
        ['v1|d|0', 'sealed:AAAA'],
      ],
      'v1',
    )
    expect([...tally]).toEqual([
      ['shape:n1', 2],
      ['shape:n2', 1],
    ])
  })

  it('finds points in locked regions', () => {
    const regions = [{ x: 0, y: 0, w: 100, h: 50 }]
    expect(isInLockedRegion(regions, 10, 10)).toBe(true)
    expect(isInLockedRegion(regions, 100, 10)).toBe(false)
    expect(isInLockedRegion([], 10, 10)).toBe(false)
  })
})
