'use client'
import { useEffect } from 'react'

/** The tab's title while a board is open: the board's title first, so tabs of two boards differ. */
export function getBoardDocumentTitle(boardTitle: string): string {
  return `${boardTitle} · Journey Board`
}

/** Board titles of the board views mounted now, newest last; the tab shows the newest. */
const mountedTitles: { title: string }[] = []
let titleBeforeBoards: string | null = null
let headObserver: MutationObserver | null = null

function showNewestTitle(): void {
  const newest = mountedTitles.at(-1)
  const wanted = newest ? getBoardDocumentTitle(newest.title) : titleBeforeBoards
  if (wanted !== null && document.title !== wanted) document.title = wanted
}

/**
 * Names the browser tab after the board while the board is open. Called once per board page (tldraw
 * may mount its menu zone more than once at a time, so the menu itself must not own the tab title).
 *
 * Two things used to put "Journey Board" back while a board was open: Next streams the layout's
 * metadata <title> into the head after the page's effects have run, and a board view that unmounts
 * after its replacement mounted restored the title it found. So the mounted views share one list,
 * the last one to leave restores the page's title, and a change to the head re-applies the board's.
 */
export function useBoardDocumentTitle(title: string): void {
  useEffect(() => {
    const entry = { title }
    if (mountedTitles.length === 0) {
      titleBeforeBoards = document.title
      headObserver = new MutationObserver(showNewestTitle)
      headObserver.observe(document.head, { childList: true, subtree: true, characterData: true })
    }
    mountedTitles.push(entry)
    showNewestTitle()
    return () => {
      mountedTitles.splice(mountedTitles.indexOf(entry), 1)
      if (mountedTitles.length === 0) {
        headObserver?.disconnect()
        headObserver = null
      }
      showNewestTitle()
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
