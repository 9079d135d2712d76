import { boxesOverlap } from '../../lib/journey/boxesOverlap'
import { applyAffine, type Affine } from '../../lib/journey/buildPageTransforms'
import type { Box } from '../../lib/journey/getClippedArea'
import { drawOverviewNote, toCanvasAffine, type OverviewCanvasContext, type OverviewNotePaint, type OverviewView } from './drawOverviewNote'

/**
 * Paints the overview canvas's notes, repainting only where notes changed since the last paint.
 *
 * While a workshop edits a dense board, each change of a drawn note used to repaint every note of the
 * canvas (about 30,000 rectangles on a 4,000-note board, a frame's budget and more on a slow
 * machine). When the camera, canvas and colours are as they were, only the pixels of notes that
 * changed, came or went are cleared and painted again, with every note that overlaps them, in
 * tldraw's order, clipped to those pixels: the result is the same as a full repaint.
 */

/** A rectangle in canvas pixels. */
export type PixelBox = Box

/** A note the canvas is to show, with what decides its pixels besides the view. */
export interface OverviewNoteInput<Id, R> {
  id: Id
  /**
   * The note's record; records are immutable, so an unchanged record is an unchanged note. That holds
   * because the canvas draws only notes directly on the page (getDenseRendering keeps nested ones as
   * shapes): a note's page transform then follows from its record alone.
   */
  record: R
  opacity: number
  /** Flat bottom border instead of a shadow (depends on zoom and the note's scale). */
  border: boolean
}

interface PaintedNote<R> {
  record: R
  opacity: number
  border: boolean
  paint: OverviewNotePaint
  transform: Affine
  box: PixelBox
}

/** What the canvas shows after a paint; pass it to the next one. */
export interface OverviewPaintState<Id, R> {
  viewKey: string
  painted: Map<Id, PaintedNote<R>>
}

/** The context calls painting needs: a note's, and clipping to the changed pixels. */
export interface OverviewPaintContext extends OverviewCanvasContext {
  save(): void
  restore(): void
  beginPath(): void
  rect(x: number, y: number, w: number, h: number): void
  clip(): void
  clearRect(x: number, y: number, w: number, h: number): void
}

/** Beyond this many changed areas, or this share of the canvas, one full repaint is cheaper. */
const MAX_DIRTY_BOXES = 64
const MAX_DIRTY_SHARE = 0.25

export interface OverviewPaintRequest<Id, R> {
  canvas: { width: number; height: number }
  view: OverviewView
  /**
   * Everything else every note's pixels depend on (camera, canvas size, pixel ratio, colours): a
   * different key repaints the whole canvas.
   */
  viewKey: string
  /** The notes to show, bottom first. */
  notes: readonly OverviewNoteInput<Id, R>[]
  /** A changed note's paint and page transform (asked only for notes that changed). */
  describe: (note: OverviewNoteInput<Id, R>) => { paint: OverviewNotePaint; transform: Affine }
}

/** Paints `request.notes` given what `last` left on the canvas; returns the new state and how much was painted. */
export function paintOverviewNotes<Id, R>(
  ctx: OverviewPaintContext,
  request: OverviewPaintRequest<Id, R>,
  last: OverviewPaintState<Id, R> | undefined,
): { state: OverviewPaintState<Id, R>; repaint: 'full' | 'none' | PixelBox[] } {
  const { canvas, view, notes } = request
  const previous = last?.viewKey === request.viewKey ? last.painted : undefined
  const painted = new Map<Id, PaintedNote<R>>()
  const dirty: PixelBox[] = []
  for (const note of notes) {
    const before = previous?.get(note.id)
    if (before && before.record === note.record && before.opacity === note.opacity && before.border === note.border) {
      painted.set(note.id, before)
      continue
    }
    const { paint, transform } = request.describe(note)
    const box = getPixelBox(paint, transform, view)
    painted.set(note.id, { record: note.record, opacity: note.opacity, border: note.border, paint, transform, box })
    if (before) dirty.push(before.box)
    dirty.push(box)
  }
  if (previous) for (const [id, before] of previous) if (!painted.has(id)) dirty.push(before.box)
  const state = { viewKey: request.viewKey, painted }

  const full = !previous || dirty.length > MAX_DIRTY_BOXES || sumAreaOnCanvas(dirty, canvas) > MAX_DIRTY_SHARE * canvas.width * canvas.height
  if (!full && dirty.length === 0) return { state, repaint: 'none' }
  ctx.save()
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  if (full) ctx.clearRect(0, 0, canvas.width, canvas.height)
  else {
    ctx.beginPath()
    for (const b of dirty) ctx.rect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY)
    ctx.clip()
    for (const b of dirty) ctx.clearRect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY)
  }
  for (const note of notes) {
    const p = painted.get(note.id)!
    if (full || dirty.some((b) => boxesOverlap(b, p.box))) drawOverviewNote(ctx, p.paint, p.transform, view, p.opacity)
  }
  ctx.restore()
  return { state, repaint: full ? 'full' : dirty }
}

/**
 * The whole pixels a note can touch: its body, the shadow band below it and its text lines (which a
 * long text may run past the body with), through its transform and the view, one pixel wider on each
 * side for anti-aliased edges.
 */
export function getPixelBox(paint: OverviewNotePaint, pageTransform: Affine, view: OverviewView): PixelBox {
  const toCanvas = toCanvasAffine(pageTransform, view)
  const lines = paint.lines
  const left = Math.min(0, lines ? Math.min(lines.left, lines.left + lines.width) : 0)
  const right = Math.max(paint.width, lines ? Math.max(lines.left, lines.left + lines.width) : 0)
  const top = Math.min(0, lines ? lines.top : 0)
  const bottom = Math.max(paint.height + (paint.shadow?.offset ?? 0), lines && lines.count > 0 ? lines.top + (lines.count - 1) * lines.pitch + lines.barHeight : 0)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of [[left, top], [right, top], [left, bottom], [right, bottom]]) {
    const { x: px, y: py } = applyAffine(toCanvas, { x, y })
    minX = Math.min(minX, px)
    minY = Math.min(minY, py)
    maxX = Math.max(maxX, px)
    maxY = Math.max(maxY, py)
  }
  return { minX: Math.floor(minX) - 1, minY: Math.floor(minY) - 1, maxX: Math.ceil(maxX) + 1, maxY: Math.ceil(maxY) + 1 }
}

/** The boxes' area within the canvas (a note partly out of view costs only what is in view). */
function sumAreaOnCanvas(boxes: PixelBox[], canvas: { width: number; height: number }): number {
  const span = (min: number, max: number, size: number) => Math.max(0, Math.min(max, size) - Math.max(min, 0))
  return boxes.reduce((sum, b) => sum + span(b.minX, b.maxX, canvas.width) * span(b.minY, b.maxY, canvas.height), 0)
}
