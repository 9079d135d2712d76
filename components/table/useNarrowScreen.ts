'use client'
import { useEffect, useState } from 'react'

/** Below this width (CSS px) the table shows one stage at a time, and a board opens as the table. */
export const NARROW_SCREEN_PX = 600

const QUERY = `(max-width: ${NARROW_SCREEN_PX - 1}px)`

export function isNarrowScreen(): boolean {
  return window.matchMedia(QUERY).matches
}

/** Whether the screen is narrower than NARROW_SCREEN_PX now (a phone, or a narrow window). */
export function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(isNarrowScreen)
  useEffect(() => {
    const media = window.matchMedia(QUERY)
    const onChange = () => setNarrow(media.matches)
    media.addEventListener('change', onChange)
    onChange()
    return () => media.removeEventListener('change', onChange)
  }, [])
  return narrow
}
