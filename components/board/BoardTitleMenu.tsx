'use client'
import { useEffect } from 'react'

/** The tab's title while a board is open: the board's title first, so tabs of two boards differ. */
export function getBoardDocumentTitle(boardTitle: string): string {
  return `${boardTitle} · Journey Board`
}

/**
 * Names the browser tab after the board while the board is open. Called once per board page (tldraw
 * may mount its menu zone more than once at a time, so the menu itself must not own the tab title).
 */
export function useBoardDocumentTitle(title: string): void {
  useEffect(() => {
    const before = document.title
    document.title = getBoardDocumentTitle(title)
    return () => {
      document.title = before
    }
  }, [title])
}

/**
 * In tldraw's menu zone (top left, where its page menu was): the way back to "Your boards" and the
 * board's title. The board has one page, so the page menu (which said "Journey") had nothing to offer.
 */
export function BoardTitleMenu({ title }: { title: string }) {
  return (
    <div className="pointer-events-auto ml-1 flex min-w-0 items-center gap-1 px-1" style={{ fontFamily: 'system-ui, sans-serif' }} data-testid="board-title-menu">
      <a
        href="/"
        className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600"
        aria-label="Your boards"
        title="Your boards"
      >
        <span aria-hidden="true">←</span> <span className="max-[480px]:sr-only">Your boards</span>
      </a>
      <span className="min-w-0 max-w-[22rem] truncate text-sm font-semibold text-slate-900 max-[480px]:max-w-[7rem]" title={title} data-testid="board-title">
        {title}
      </span>
    </div>
  )
}
