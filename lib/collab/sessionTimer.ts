import { DEFAULT_TIMER, type TimerState } from './session'

/**
 * The session timer's changes (the `timer` key of the session contract, session.ts). Times are
 * server times, ms since the epoch: every browser counts down from the same `endsAt`.
 */

/** Remaining timer time at server time `now`, in ms (never negative). */
export function getRemainingMs(timer: TimerState, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now)
  return timer.remainingMs
}

/** A timer running for `durationMs` from server time `now`. */
export function buildTimerStart(now: number, durationMs: number): { timer: TimerState } {
  return { timer: { state: 'running', endsAt: now + durationMs, remainingMs: 0, durationMs } }
}

/** A running timer paused at server time `now`, keeping what was left. */
export function buildTimerPause(timer: TimerState, now: number): { timer: TimerState } {
  return { timer: { ...timer, state: 'paused', endsAt: null, remainingMs: getRemainingMs(timer, now) } }
}

/** A paused timer running again from server time `now`. */
export function buildTimerResume(timer: TimerState, now: number): { timer: TimerState } {
  return { timer: { ...timer, state: 'running', endsAt: now + timer.remainingMs, remainingMs: 0 } }
}

/** `ms` more on the timer: a running one ends later, a paused one has more left. */
export function buildTimerExtend(timer: TimerState, now: number, ms: number): { timer: TimerState } {
  return { timer: timer.state === 'running' ? { ...timer, endsAt: (timer.endsAt ?? now) + ms } : { ...timer, remainingMs: timer.remainingMs + ms } }
}

export function buildTimerStop(): { timer: TimerState } {
  return { timer: { ...DEFAULT_TIMER } }
}
