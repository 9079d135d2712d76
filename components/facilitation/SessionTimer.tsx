'use client'
import { useEffect, useRef } from 'react'
import type { Session } from '../../lib/collab/session'
import { getRemainingMs } from '../../lib/collab/sessionTimer'
import { formatDuration, useServerNow } from './useServerClock'

/** Plays a short, gentle chime (Web Audio: no asset to download). */
function chime(): void {
  try {
    const ctx = new AudioContext()
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.frequency.value = 660
    gain.gain.setValueAtTime(0.15, ctx.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 1.2)
    osc.connect(gain).connect(ctx.destination)
    osc.start()
    osc.stop(ctx.currentTime + 1.2)
  } catch {
    // No audio device: the flash still shows.
  }
}

/**
 * The session timer everyone sees (server time), chiming once when it reaches zero. It sits in the
 * board's top bar, in the same row as the buttons and the connection status, so a crowd of avatars
 * or a narrow screen wraps the bar instead of pushing a control over the timer.
 */
export function SessionTimer({ session, clockOffset }: { session: Session; clockOffset: number }) {
  const now = useServerNow(clockOffset)
  const remaining = getRemainingMs(session.timer, now)
  const reachedZero = session.timer.state === 'running' && remaining === 0
  const chimed = useRef(false)
  useEffect(() => {
    if (reachedZero && !chimed.current) chime()
    chimed.current = reachedZero
  }, [reachedZero])
  if (session.timer.state === 'stopped') return null
  return (
    <div
      data-testid="session-timer"
      data-remaining-ms={remaining}
      className={`pointer-events-auto mt-2 shrink-0 rounded-full px-3 py-0.5 text-base font-semibold whitespace-nowrap tabular-nums shadow ${reachedZero ? 'animate-pulse bg-red-600 text-white' : 'bg-white text-slate-900'}`}
      style={{ fontFamily: 'system-ui, sans-serif' }}
    >
      {reachedZero ? "Time's up" : formatDuration(remaining)}
      {session.timer.state === 'paused' && <span className="ml-2 text-xs text-slate-500">paused</span>}
    </div>
  )
}
