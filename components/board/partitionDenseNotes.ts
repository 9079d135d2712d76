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
export interface PageBox {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

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
}

export interface DenseNotes<S> {
  /** What tldraw renders: every shape but the notes below and the notes out of view. */
  mounted: S[]
  /** Notes the overview canvas draws, in tldraw's order. */
  drawn: S[]
}

/**
 * The canvas sits at the z-index of the lowest note it draws. A shape tldraw renders between that
 * and a drawn note it overlaps (a frame or a filled shape the note was put on, made after other
 * notes) would cover the note it should be under: such notes stay shapes. The board's grid is below
 * every note, so it never covers one.
 */
export function partitionDenseNotes<Id, S extends PartitionedShape<Id>>(input: DenseNotesInput<Id, S>): DenseNotes<S> {
  const mounted: S[] = []
  const candidates: S[] = []
  for (const entry of input.shapes) {
    if (entry.shape.type !== 'note' || input.keepMounted.has(entry.id)) mounted.push(entry)
    else if (input.notVisible.has(entry.id)) continue
    else if (input.isNested(entry)) mounted.push(entry)
    else if (input.isFlat(entry) || (input.mountedBeforeMove && !input.mountedBeforeMove.has(entry.id))) candidates.push(entry)
    else mounted.push(entry)
  }
  if (candidates.length === 0) return { mounted, drawn: [] }
  let canvasIndex = Infinity
  let topIndex = -Infinity
  for (const entry of candidates) {
    canvasIndex = Math.min(canvasIndex, entry.index)
    topIndex = Math.max(topIndex, entry.index)
  }
  const covers = mounted.filter((s) => s.shape.type !== 'note' && s.index > canvasIndex && s.index < topIndex)
  const coverBounds = covers.map((s) => ({ index: s.index, box: input.getBounds(s) })).filter((c): c is { index: number; box: PageBox } => !!c.box)
  if (coverBounds.length === 0) return { mounted, drawn: candidates }
  const drawn: S[] = []
  const covered = new Set<S>()
  for (const entry of candidates) {
    const box = input.getBounds(entry)
    if (box && coverBounds.some((c) => c.index < entry.index && overlaps(c.box, box))) covered.add(entry)
    else drawn.push(entry)
  }
  // Back in tldraw's order (it keys the shapes layer by id, so order only matters for the reader).
  if (covered.size === 0) return { mounted, drawn }
  const keep = new Set<S>([...mounted, ...covered])
  return { mounted: input.shapes.filter((s) => keep.has(s)), drawn }
}

function overlaps(a: PageBox, b: PageBox): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
}
