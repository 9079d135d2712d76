'use client'
import { useEffect, useState } from 'react'
import type { Role } from '../../lib/collab/roles'
import { getBoardInfoKey } from './deviceStore'

export interface BoardInfo {
  id: string
  title: string
  template: string
  role: Role
  me: { id: string | null; name: string; guest: boolean }
}

export type BoardInfoState = { status: 'loading' } | { status: 'ready'; info: BoardInfo } | { status: 'error'; httpStatus: number; message: string }

const boardInfoUrl = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

let prefetched: { boardId: string; response: Promise<Response> } | undefined

/**
 * Asks for the board's info ahead of the canvas (which then takes the answer, once). Returns a
 * cleanup that drops an answer nobody took, so a later visit asks again.
 */
export function prefetchBoardInfo(boardId: string): () => void {
  if (prefetched?.boardId !== boardId) {
    const response = fetch(boardInfoUrl(boardId))
    response.catch(() => undefined)
    prefetched = { boardId, response }
  }
  const mine = prefetched
  return () => {
    if (prefetched === mine) prefetched = undefined
  }
}

function takeBoardInfoResponse(boardId: string): Promise<Response> {
  const ahead = prefetched?.boardId === boardId ? prefetched.response : undefined
  prefetched = undefined
  return ahead ?? fetch(boardInfoUrl(boardId))
}

/** The board's title and the caller's role and identity, from the API (which checks access). */
export function useBoardInfo(boardId: string): BoardInfoState {
  const [state, setState] = useState<BoardInfoState>({ status: 'loading' })
  useEffect(() => {
    let cancelled = false
    const cacheKey = getBoardInfoKey(boardId)
    const fromCache = () => {
      // Offline: the last answer this browser had lets the board open from its local copy.
      const cached = localStorage.getItem(cacheKey)
      if (cached) setState({ status: 'ready', info: JSON.parse(cached) as BoardInfo })
      else setState({ status: 'error', httpStatus: 0, message: 'You are offline and this board has not been opened on this device before.' })
    }
    void takeBoardInfoResponse(boardId).then(async (res) => {
      if (cancelled) return
      if (res.status === 401) {
        window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`)
        return
      }
      const body = (await res.json().catch(() => ({}))) as BoardInfo & { error?: string }
      if (res.ok) localStorage.setItem(cacheKey, JSON.stringify(body))
      else localStorage.removeItem(cacheKey)
      setState(res.ok ? { status: 'ready', info: body } : { status: 'error', httpStatus: res.status, message: body.error ?? 'The board could not be opened.' })
    }, () => !cancelled && fromCache())
    return () => {
      cancelled = true
    }
  }, [boardId])
  return state
}
