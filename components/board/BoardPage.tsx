'use client'
import dynamic from 'next/dynamic'
import { useLayoutEffect } from 'react'
import { FullScreenMessage } from './FullScreenMessage'
import { preopenBoardConnection } from './openBoardConnection'
import { prefetchBoardInfo } from './useBoardInfo'

// tldraw and the Yjs provider need the browser: never render them on the server. The canvas chunk
// (tldraw, most of the page's script) is requested as soon as this module runs in the browser, not
// when React first renders the placeholder: it then downloads while the page hydrates (the module
// loader fetches and runs a chunk once, however often it is imported).
const loadCanvas = () => import('./BoardCanvas')
if (typeof window !== 'undefined') void loadCanvas()
const BoardCanvas = dynamic(() => loadCanvas().then((m) => m.BoardCanvas), {
  ssr: false,
  loading: () => <FullScreenMessage text="Loading board…" />,
})

export function BoardPage({ boardId }: { boardId: string }) {
  // The board's info and document are on their way while the canvas chunk downloads and runs: the
  // canvas takes them when it mounts (on a 4,000-note board the document then arrives about when
  // tldraw has mounted, instead of being asked for only then).
  useLayoutEffect(() => {
    const forgetInfo = prefetchBoardInfo(boardId)
    const closeConnection = preopenBoardConnection(boardId)
    return () => {
      forgetInfo()
      closeConnection()
    }
  }, [boardId])
  return <BoardCanvas boardId={boardId} />
}
