import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCK, DEFAULT_PRIVATE_WRITING, DEFAULT_TIMER, type Session } from '../../lib/collab/session'
import { describeSessionChange, describeTimerProgress } from './describeSessionNews'

const quiet: Session = {
  timer: DEFAULT_TIMER,
  privateWriting: DEFAULT_PRIVATE_WRITING,
  lock: DEFAULT_LOCK,
  vote: null,
  followMe: null,
  showAuthors: true,
  agenda: [],
  voteSeal: null,
  votes: [],
} as unknown as Session

describe('describeSessionChange', () => {
  it('says nothing when nothing changed', () => {
    expect(describeSessionChange(quiet, quiet)).toEqual([])
  })

  it('tells of the timer starting, pausing, resuming and stopping', () => {
    const running = { ...quiet, timer: { state: 'running', endsAt: 1_000_000, remainingMs: 0, durationMs: 300_000 } } as Session
    const paused = { ...quiet, timer: { state: 'paused', endsAt: null, remainingMs: 100_000, durationMs: 300_000 } } as Session
    expect(describeSessionChange(quiet, running)).toEqual(['Timer started: 5:00 minutes.'])
    expect(describeSessionChange(running, paused)).toEqual(['Timer paused.'])
    expect(describeSessionChange(paused, running)).toEqual(['Timer resumed.'])
    expect(describeSessionChange(running, quiet)).toEqual(['Timer stopped.'])
  })

  it('tells of private writing, the reveal and a vote opening and closing', () => {
    const writing = { ...quiet, privateWriting: { on: true, round: 1, revealedRound: 0, anonymous: false } } as Session
    const revealed = { ...quiet, privateWriting: { on: false, round: 1, revealedRound: 1, anonymous: false } } as Session
    expect(describeSessionChange(quiet, writing)).toEqual(['Private writing started: your new notes stay on this device until the facilitator reveals them.'])
    expect(describeSessionChange(writing, revealed)).toEqual(['The facilitator revealed the private notes.'])
    const vote = { id: 'v1', open: true, budget: 3, scope: { kind: 'board' }, hideUntilClosed: false }
    const voting = { ...quiet, vote } as Session
    expect(describeSessionChange(quiet, voting)).toEqual(['Voting is open: 3 dots each.'])
    expect(describeSessionChange(voting, { ...quiet, vote: { ...vote, open: false } } as Session)).toEqual(['Voting is closed.'])
  })
})

describe('describeTimerProgress', () => {
  it('announces each mark once, as the time passes it, and the end', () => {
    expect(describeTimerProgress(121_000, 120_000)).toBe('2 minutes left.')
    expect(describeTimerProgress(120_000, 119_750)).toBeUndefined()
    expect(describeTimerProgress(60_250, 60_000)).toBe('1 minute left.')
    expect(describeTimerProgress(30_100, 29_900)).toBe('30 seconds left.')
    expect(describeTimerProgress(250, 0)).toBe("Time's up.")
    expect(describeTimerProgress(0, 0)).toBeUndefined()
  })
})
