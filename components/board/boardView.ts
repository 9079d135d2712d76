/** The two views of a board: tldraw's canvas, or the journey table (`?view=table`). */
export type BoardView = 'canvas' | 'table'

/** The view the page's address asks for: `?view=table` opens the table, anything else the canvas. */
export function readBoardView(): BoardView {
  return new URLSearchParams(window.location.search).get('view') === 'table' ? 'table' : 'canvas'
}

/** Puts the view in the address (without a navigation), so a reload or a shared link opens it again. */
export function showBoardView(view: BoardView): void {
  const url = new URL(window.location.href)
  if (view === 'table') url.searchParams.set('view', 'table')
  else url.searchParams.delete('view')
  window.history.replaceState(window.history.state, '', url)
}
