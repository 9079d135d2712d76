import type { Affine } from '../../lib/journey/buildPageTransforms'
import { GREEKED_LINE_OPACITY, type GreekedLines } from './getGreekedTextBox'

/**
 * One note of the overview canvas (OverviewNotesCanvas): the note's body, its flat bottom border or
 * shadow and its text as lines, as the DOM note draws them at that zoom (BoardNoteShapeUtil's StaticNote with
 * GreekedNoteText). Plain data in, canvas calls out.
 */

/** What a note looks like, in page units with the note's scale applied, its top-left corner at 0,0. */
export interface OverviewNotePaint {
  width: number
  height: number
  fill: string
  /** The flat bottom border tldraw draws instead of a shadow when zoomed out... */
  border?: { color: string; width: number }
  /** ...else a shadow, as a faint band below the note (too small here for tldraw's soft one). */
  shadow?: { color: string; offset: number }
  lines?: GreekedLines & { color: string }
}

/** The 2D context calls drawing a note needs. */
export interface OverviewCanvasContext {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  fillStyle: string | CanvasGradient | CanvasPattern
  globalAlpha: number
}


/**
 * Draws one note. `pageTransform` places the note on the page; `pixelsPerUnit`, `offsetX` and
 * `offsetY` map page units to canvas pixels (the camera: scale by zoom times device pixel ratio,
 * shifted so the viewport's corner is the canvas origin).
 */
export function drawOverviewNote(
  ctx: OverviewCanvasContext,
  paint: OverviewNotePaint,
  pageTransform: Affine,
  view: { pixelsPerUnit: number; offsetX: number; offsetY: number },
  opacity: number,
): void {
  const s = view.pixelsPerUnit
  const m = pageTransform
  ctx.setTransform(s * m.a, s * m.b, s * m.c, s * m.d, s * m.e + view.offsetX, s * m.f + view.offsetY)
  ctx.globalAlpha = opacity
  if (paint.shadow) {
    ctx.fillStyle = paint.shadow.color
    ctx.fillRect(0, paint.shadow.offset, paint.width, paint.height)
  }
  ctx.fillStyle = paint.fill
  ctx.fillRect(0, 0, paint.width, paint.height)
  if (paint.border) {
    ctx.fillStyle = paint.border.color
    ctx.fillRect(0, paint.height - paint.border.width, paint.width, paint.border.width)
  }
  const lines = paint.lines
  if (!lines) return
  ctx.globalAlpha = opacity * GREEKED_LINE_OPACITY
  ctx.fillStyle = lines.color
  for (let i = 0; i < lines.count; i++) ctx.fillRect(lines.left, lines.top + i * lines.pitch, lines.width, lines.barHeight)
}
