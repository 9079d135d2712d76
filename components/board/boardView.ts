import { isNarrowScreen } from '../table/useNarrowScreen'

/** The two views of a board: tldraw's canvas, or the journey table (`?view=table`). */
export type BoardView = 'canvas' | 'table'

/**
 * The view the page's address asks for (`?view=table` or `?view=canvas`). Without one, a phone (a
 * screen under 600 px wide) opens the table, where notes are readable and buttons big enough; a
 * larger screen opens the canvas.
 */
export function readBoardView(): BoardView {
  const asked = new URLSearchParams(window.location.search).get('view')
  if (asked === 'table' || asked === 'canvas') return asked
  return isNarrowScreen() ? 'table' : 'canvas'
}

/** Puts the view in the address (without a navigation), so a reload or a shared link opens it again. */
export function showBoardView(view: BoardView): void {
  const url = new URL(window.location.href)
  url.searchParams.set('view', view)
  window.history.replaceState(window.history.state, '', url)
}
