'use client'
import { useRef, type TouchEvent } from 'react'
import type { JourneyStage } from '../../lib/journey/journeySchema'

/** A horizontal swipe of at least this many px, and more across than up or down, turns the stage. */
const SWIPE_MIN_PX = 60

/** Touch handlers that call `onSwipe(+1)` for a swipe to the left (the next stage) and -1 to the right. */
export function useSwipe(onSwipe: (step: 1 | -1) => void) {
  const start = useRef<{ x: number; y: number } | undefined>(undefined)
  return {
    onTouchStart: (e: TouchEvent) => {
      const t = e.touches[0]
      start.current = t && e.touches.length === 1 ? { x: t.clientX, y: t.clientY } : undefined
    },
    onTouchEnd: (e: TouchEvent) => {
      const from = start.current
      const t = e.changedTouches[0]
      start.current = undefined
      if (!from || !t) return
      const dx = t.clientX - from.x
      if (Math.abs(dx) >= SWIPE_MIN_PX && Math.abs(dx) > 2 * Math.abs(t.clientY - from.y)) onSwipe(dx < 0 ? 1 : -1)
    },
  }
}

const BUTTON = 'min-h-11 min-w-11 rounded-lg border border-slate-300 bg-white px-3 text-lg text-slate-800 disabled:text-slate-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600'

/** On a phone: which stage the table shows, with buttons for the previous and next one. */
export function StagePicker({ stages, shown, onShow }: { stages: JourneyStage[]; shown: number; onShow(index: number): void }) {
  return (
    <nav aria-label="Stages" className="mb-2 flex items-center gap-2" data-testid="stage-picker">
      <button className={BUTTON} aria-label="Previous stage" disabled={shown === 0} onClick={() => onShow(shown - 1)}>
        ‹
      </button>
      <label className="flex min-w-0 flex-1 flex-col text-xs text-slate-600">
        Stage {shown + 1} of {stages.length}
        <select className="min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base text-slate-900" value={shown} onChange={(e) => onShow(Number(e.target.value))}>
          {stages.map((s, i) => (
            <option key={s.id} value={i}>
              {s.name || 'Untitled stage'}
            </option>
          ))}
        </select>
      </label>
      <button className={BUTTON} aria-label="Next stage" disabled={shown === stages.length - 1} onClick={() => onShow(shown + 1)}>
        ›
      </button>
    </nav>
  )
}
