'use client'
import { useEffect, useState } from 'react'
import { getServerTime } from '../api/apiClient'

/**
 * The offset between the server's clock and this browser's, measured against /api/time with the
 * round trip halved. The shared timer is computed in server time, so every screen shows the same.
 */
export function useServerClockOffset(): number {
  const [offset, setOffset] = useState(0)
  useEffect(() => {
    let cancelled = false
    const measure = async () => {
      const t0 = Date.now()
      const answer = await getServerTime().catch(() => undefined)
      const t1 = Date.now()
      if (!answer?.ok || cancelled) return
      setOffset(answer.data.now - (t0 + t1) / 2)
    }
    void measure()
    const timer = setInterval(measure, 60_000)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [])
  return offset
}

/** Re-renders every `ms` and returns the current server time. */
export function useServerNow(offset: number, ms = 250): number {
  const [now, setNow] = useState(() => Date.now() + offset)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + offset), ms)
    return () => clearInterval(t)
  }, [offset, ms])
  return now
}

export function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000)
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}
