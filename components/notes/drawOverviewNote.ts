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

/** Page units to canvas pixels: scale by zoom times pixel ratio, shifted to the viewport's corner. */
export interface OverviewView {
  pixelsPerUnit: number
  offsetX: number
  offsetY: number
}

/** A note's local space to canvas pixels: its page transform, then the view. */
export function toCanvasAffine(pageTransform: Affine, view: OverviewView): Affine {
  const s = view.pixelsPerUnit
  const m = pageTransform
  return { a: s * m.a, b: s * m.b, c: s * m.c, d: s * m.d, e: s * m.e + view.offsetX, f: s * m.f + view.offsetY }
}

/** The 2D context calls drawing a note needs. */
export interface OverviewCanvasContext {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  fillStyle: string | CanvasGradient | CanvasPattern
  globalAlpha: number
}


/** Draws one note. `pageTransform` places the note on the page; `view` maps the page to canvas pixels. */
export function drawOverviewNote(
  ctx: OverviewCanvasContext,
  paint: OverviewNotePaint,
  pageTransform: Affine,
  view: OverviewView,
  opacity: number,
): void {
  const m = toCanvasAffine(pageTransform, view)
  ctx.setTransform(m.a, m.b, m.c, m.d, m.e, m.f)
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
