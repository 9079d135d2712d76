import type { Session } from '../../lib/collab/session'
import { formatDuration } from '../facilitation/useServerClock'

/** Remaining times (ms) at which a running timer is announced. */
export const TIMER_MARKS_MS = [5 * 60_000, 2 * 60_000, 60_000, 30_000]

function describeMark(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'} left.` : `${ms / 1000} seconds left.`
}

/** The sentences a screen reader is told when the session changes from `before` to `after`. */
export function describeSessionChange(before: Session, after: Session): string[] {
  const said: string[] = []
  const { timer } = after
  if (timer.state === 'running' && before.timer.state === 'stopped') said.push(`Timer started: ${formatDuration(timer.durationMs)} minutes.`)
  if (timer.state === 'paused' && before.timer.state === 'running') said.push('Timer paused.')
  if (timer.state === 'running' && before.timer.state === 'paused') said.push('Timer resumed.')
  if (timer.state === 'stopped' && before.timer.state !== 'stopped') said.push('Timer stopped.')
  const pw = after.privateWriting
  if (pw.on && (!before.privateWriting.on || pw.round !== before.privateWriting.round)) said.push('Private writing started: your new notes stay on this device until the facilitator reveals them.')
  if (pw.revealedRound > before.privateWriting.revealedRound) said.push('The facilitator revealed the private notes.')
  const vote = after.vote
  if (vote?.open && (!before.vote?.open || before.vote.id !== vote.id)) said.push(`Voting is open: ${vote.budget} dot${vote.budget === 1 ? '' : 's'} each.`)
  if (vote && !vote.open && before.vote?.open && before.vote.id === vote.id) said.push('Voting is closed.')
  return said
}

/** What to say when a running timer's remaining time goes from `last` to `now` (ms), if anything. */
export function describeTimerProgress(last: number, now: number): string | undefined {
  if (now === 0 && last > 0) return "Time's up."
  const mark = TIMER_MARKS_MS.find((m) => last > m && now <= m)
  return mark === undefined ? undefined : describeMark(mark)
}
