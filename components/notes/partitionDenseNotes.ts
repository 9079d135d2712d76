import { boxesOverlap } from '../../lib/journey/boxesOverlap'
import type { Box } from '../../lib/journey/getClippedArea'

/**
 * Which notes of a dense page tldraw mounts as DOM shapes and which the overview canvas draws
 * (OverviewNotesCanvas). tldraw mounts every shape of the page, culled or not: on a board of 4,000
 * notes that is 4,000 React components, reactors and DOM subtrees, most of a load's time, and a zoom
 * gesture mounts and re-renders thousands of them frame after frame. On a dense page only the notes
 * someone can read or work with need to be shapes.
 */

/** The part of tldraw's rendering-shape entry the partition reads. */
export interface PartitionedShape<Id> {
  id: Id
  shape: { type: string }
  /** tldraw's z-index for the shape. */
  index: number
}

/** A page-space rectangle. */
export type PageBox = Box

export interface DenseNotesInput<Id, S extends PartitionedShape<Id>> {
  /** tldraw's rendering shapes (every shape of the page, with its z-index). */
  shapes: readonly S[]
  /** Shapes out of view (tldraw's not-visible shapes). */
  notVisible: ReadonlySet<Id>
  /** Notes that stay shapes whatever the zoom: selected, edited or hovered (tldraw draws their indicators). */
  keepMounted: ReadonlySet<Id>
  /** Whether the note looks the same drawn flat: text greeked (lines), no link to click. */
  isFlat: (entry: S) => boolean
  /**
   * While the camera moves: the notes mounted before it started. Notes coming into view are drawn
   * until it stops, so a gesture does not mount (and then unmount) thousands of notes on its way.
   */
  mountedBeforeMove?: ReadonlySet<Id>
  /** Notes inside a frame or group stay shapes: the canvas would neither clip nor order them with it. */
  isNested: (entry: S) => boolean
  /** A shape's page bounds (read only for notes the canvas would draw and shapes that could cover them). */
  getBounds: (entry: S) => PageBox | undefined
  /** Shapes notes are meant to lie on (the journey's grid): the canvas goes above all of them. */
  isBackdrop: (entry: S) => boolean
}

export interface DenseNotes<S> {
  /** What tldraw renders: every shape but the notes below and the notes out of view. */
  mounted: S[]
  /** Notes the overview canvas draws, bottom first (by z-index). */
  drawn: S[]
  /** The canvas's z-index: above the backdrop, at the lowest drawn note otherwise. */
  canvasIndex: number
}

/**
 * The canvas sits above the backdrop (the grid, which tldraw may order between notes on an imported
 * board) and otherwise at the lowest note it draws. A drawn note must keep its order with every other
 * shape it overlaps: one below it must be below the canvas, one above it above the canvas. Notes
 * for which that cannot hold (a frame or filled shape they lie on, made after other notes) stay shapes.
 */
export function partitionDenseNotes<Id, S extends PartitionedShape<Id>>(input: DenseNotesInput<Id, S>): DenseNotes<S> {
  const mounted: S[] = []
  const candidates: S[] = []
  /** Shapes that are neither notes nor backdrop: a drawn note must keep its order with these. */
  const nonNotes: S[] = []
  let backdropTop = -Infinity
  for (const entry of input.shapes) {
    if (entry.shape.type !== 'note' || input.keepMounted.has(entry.id)) {
      mounted.push(entry)
      if (entry.shape.type === 'note') continue
      if (input.isBackdrop(entry)) backdropTop = Math.max(backdropTop, entry.index)
      else nonNotes.push(entry)
    } else if (input.notVisible.has(entry.id)) continue
    else if (input.isNested(entry)) mounted.push(entry)
    else if (input.isFlat(entry) || (input.mountedBeforeMove && !input.mountedBeforeMove.has(entry.id))) candidates.push(entry)
    else mounted.push(entry)
  }
  // tldraw's rendering list is sorted by id (for stable React keys), not by z-index; the canvas
  // paints in this order, so overlapping notes must come bottom first.
  candidates.sort((a, b) => a.index - b.index)
  const lowest = (drawn: S[]) => drawn.reduce((k, e) => Math.min(k, e.index), Infinity)
  const indexFor = (drawn: S[]) => Math.max(lowest(drawn), backdropTop + 1)
  if (candidates.length === 0) return { mounted, drawn: [], canvasIndex: indexFor(candidates) }
  const canvasIndex = indexFor(candidates)
  const others = nonNotes
    .map((s) => ({ index: s.index, box: input.getBounds(s) }))
    .filter((c): c is { index: number; box: PageBox } => !!c.box)
  if (others.length === 0) return { mounted, drawn: candidates, canvasIndex }
  const drawn: S[] = []
  const covered = new Set<S>()
  for (const entry of candidates) {
    const box = input.getBounds(entry)
    const misordered = (c: { index: number; box: PageBox }) => (c.index < entry.index ? c.index >= canvasIndex : c.index < canvasIndex) && boxesOverlap(c.box, box!)
    if (box && others.some(misordered)) covered.add(entry)
    else drawn.push(entry)
  }
  if (covered.size === 0) return { mounted, drawn, canvasIndex }
  const keep = new Set<S>([...mounted, ...covered])
  return { mounted: input.shapes.filter((s) => keep.has(s)), drawn, canvasIndex: indexFor(drawn) }
}
