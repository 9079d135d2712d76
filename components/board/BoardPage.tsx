'use client'
import { useSyncExternalStore } from 'react'
import { BoardCanvas } from './BoardCanvas'
import { FullScreenMessage } from './FullScreenMessage'

const subscribeNowhere = () => () => {}

/**
 * The board, rendered in the browser only: tldraw and the Yjs provider need it. The canvas is
 * imported statically, not with `next/dynamic`, so its chunks (tldraw, most of the page's script) are
 * script tags of the page's HTML and download alongside the framework's; a dynamic import requested
 * them only once the page's first chunks had run, about 250 ms later on a cold load.
 */
export function BoardPage({ boardId }: { boardId: string }) {
  const inBrowser = useSyncExternalStore(
    subscribeNowhere,
    () => true,
    () => false,
  )
  return inBrowser ? <BoardCanvas boardId={boardId} /> : <FullScreenMessage text="Loading board…" />
}
