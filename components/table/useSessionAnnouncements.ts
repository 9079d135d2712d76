'use client'
import { useEffect, useRef, useState } from 'react'
import type { Session } from '../../lib/collab/session'
import { getRemainingMs } from '../../lib/collab/sessionTimer'
import { useServerNow } from '../facilitation/useServerClock'
import { describeSessionChange, describeTimerProgress } from './describeSessionNews'

/**
 * What a screen reader is told about the session as it happens (describeSessionNews): the timer's
 * start, marks and end, private writing and the reveal, votes opening and closing. Returns the
 * latest sentences, with a counter so that the same sentence twice is announced twice, for a polite
 * live region.
 */
export function useSessionAnnouncements(session: Session | undefined, clockOffset: number): { text: string; n: number } | undefined {
  const [said, setSaid] = useState<{ text: string; n: number }>()
  const say = (sentences: string[]) => sentences.length > 0 && setSaid((s) => ({ text: sentences.join(' '), n: (s?.n ?? 0) + 1 }))
  const previous = useRef<Session | undefined>(undefined)
  useEffect(() => {
    const before = previous.current
    previous.current = session
    if (session && before) say(describeSessionChange(before, session))
  }, [session])

  const now = useServerNow(clockOffset)
  const remaining = session?.timer.state === 'running' ? getRemainingMs(session.timer, now) : undefined
  const lastRemaining = useRef<number | undefined>(undefined)
  useEffect(() => {
    const last = lastRemaining.current
    lastRemaining.current = remaining
    const progress = remaining !== undefined && last !== undefined ? describeTimerProgress(last, remaining) : undefined
    if (progress) say([progress])
  }, [remaining])
  return said
}
