'use client'
import { useEffect, useRef, useState } from 'react'
import type { Session } from '../../lib/collab/session'
import { getRemainingMs } from '../../lib/collab/sessionTimer'
import { formatDuration, useServerNow } from '../facilitation/useServerClock'

/** Remaining times (ms) at which a running timer is announced. */
const TIMER_MARKS_MS = [5 * 60_000, 2 * 60_000, 60_000, 30_000]

function describeMark(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'} left` : `${ms / 1000} seconds left`
}

/**
 * What a screen reader is told about the session as it happens, one sentence at a time: the timer
 * starting, passing 5 and 2 minutes, 1 minute and 30 seconds left, and running out; private writing
 * starting and the reveal; a vote opening and closing. Returns the latest sentence (with a counter,
 * so the same sentence twice is announced twice) for a polite live region.
 */
export function useSessionAnnouncements(session: Session | undefined, clockOffset: number): { text: string; n: number } | undefined {
  const [said, setSaid] = useState<{ text: string; n: number }>()
  const say = (text: string) => setSaid((s) => ({ text, n: (s?.n ?? 0) + 1 }))
  const previous = useRef<Session | undefined>(undefined)
  const now = useServerNow(clockOffset)
  const lastRemaining = useRef<number | undefined>(undefined)

  useEffect(() => {
    const before = previous.current
    previous.current = session
    if (!session || !before) return
    const timerStarted = session.timer.state === 'running' && (before.timer.state !== 'running' || before.timer.endsAt !== session.timer.endsAt)
    if (timerStarted && before.timer.state === 'stopped') say(`Timer started: ${formatDuration(session.timer.durationMs)} minutes.`)
    if (session.timer.state === 'paused' && before.timer.state === 'running') say('Timer paused.')
    if (session.timer.state === 'stopped' && before.timer.state !== 'stopped') say('Timer stopped.')
    const pw = session.privateWriting
    if (pw.on && (!before.privateWriting.on || pw.round !== before.privateWriting.round)) say('Private writing started: your new notes stay on this device until the facilitator reveals them.')
    if (pw.revealedRound > before.privateWriting.revealedRound) say('The facilitator revealed the private notes.')
    const vote = session.vote
    if (vote?.open && (!before.vote?.open || before.vote.id !== vote.id)) say(`Voting is open: ${vote.budget} dot${vote.budget === 1 ? '' : 's'} each.`)
    if (vote && !vote.open && before.vote?.open && before.vote.id === vote.id) say('Voting is closed.')
  }, [session])

  const running = session?.timer.state === 'running'
  const remaining = session && running ? getRemainingMs(session.timer, now) : undefined
  useEffect(() => {
    const last = lastRemaining.current
    lastRemaining.current = remaining
    if (remaining === undefined || last === undefined) return
    if (remaining === 0 && last > 0) return say("Time's up.")
    const mark = TIMER_MARKS_MS.find((m) => last > m && remaining <= m)
    if (mark) say(`${describeMark(mark)}.`)
  }, [remaining])

  return said
}
