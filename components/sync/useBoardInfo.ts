'use client'
import { useEffect, useState } from 'react'
import { readBoardInfo, requestBoardInfo } from '../api/apiClient'
import { BoardInfoSchema, type BoardInfo } from '../../lib/api/boardApi'
import { getBoardInfoKey } from './deviceStore'

export type { BoardInfo }

export type BoardInfoState = { status: 'loading' } | { status: 'ready'; info: BoardInfo } | { status: 'error'; httpStatus: number; message: string }

let prefetched: { boardId: string; response: Promise<Response> } | undefined

/**
 * Asks for the board's info ahead of the canvas (which then takes the answer, once). Returns a
 * cleanup that drops an answer nobody took, so a later visit asks again.
 */
export function prefetchBoardInfo(boardId: string): () => void {
  if (prefetched?.boardId !== boardId) {
    const response = requestBoardInfo(boardId)
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
  return ahead ?? requestBoardInfo(boardId)
}

/** The last answer this browser had, if it still reads as board info. */
function readCachedBoardInfo(boardId: string): BoardInfo | undefined {
  try {
    const parsed = BoardInfoSchema.safeParse(JSON.parse(localStorage.getItem(getBoardInfoKey(boardId)) ?? 'null'))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** The board's title and the caller's role and identity, from the API (which checks access). */
export function useBoardInfo(boardId: string): BoardInfoState {
  const [state, setState] = useState<BoardInfoState>({ status: 'loading' })
  useEffect(() => {
    let cancelled = false
    const cacheKey = getBoardInfoKey(boardId)
    const fromCache = () => {
      // Offline: the last answer this browser had lets the board open from its local copy.
      const cached = readCachedBoardInfo(boardId)
      if (cached) setState({ status: 'ready', info: cached })
      else setState({ status: 'error', httpStatus: 0, message: 'You are offline and this board has not been opened on this device before.' })
    }
    void takeBoardInfoResponse(boardId).then(async (res) => {
      if (cancelled) return
      if (res.status === 401) {
        window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`)
        return
      }
      const answer = await readBoardInfo(res)
      if (answer.ok) localStorage.setItem(cacheKey, JSON.stringify(answer.data))
      else localStorage.removeItem(cacheKey)
      setState(answer.ok ? { status: 'ready', info: answer.data } : { status: 'error', httpStatus: res.status, message: answer.error ?? 'The board could not be opened.' })
    }, () => !cancelled && fromCache())
    return () => {
      cancelled = true
    }
  }, [boardId])
  return state
}
