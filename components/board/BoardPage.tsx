'use client'
import dynamic from 'next/dynamic'
import { useLayoutEffect } from 'react'
import { FullScreenMessage } from './FullScreenMessage'
import { prefetchBoardInfo } from '../sync/useBoardInfo'

// tldraw and the Yjs provider need the browser: never render them on the server. The canvas chunk
// (tldraw, most of the page's script) is requested as soon as this module runs in the browser, not
// when React first renders the placeholder: it then downloads while the page hydrates (the module
// loader fetches and runs a chunk once, however often it is imported).
const loadCanvas = () => import('./BoardCanvas')
// The sync client (Yjs, y-websocket, y-indexeddb) likewise: imported statically, the pages' server
// render would load Yjs's ES build beside the server's CommonJS one ("Yjs was already imported").
const loadConnection = () => import('../sync/openBoardConnection')
if (typeof window !== 'undefined') {
  void loadConnection()
  void loadCanvas()
}
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
    let closeConnection: (() => void) | undefined
    let left = false
    void loadConnection().then((m) => {
      if (!left) closeConnection = m.preopenBoardConnection(boardId)
    })
    return () => {
      left = true
      forgetInfo()
      closeConnection?.()
    }
  }, [boardId])
  return <BoardCanvas boardId={boardId} />
}
