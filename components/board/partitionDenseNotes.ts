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
}

export interface DenseNotes<S> {
  /** What tldraw renders: every shape but the notes below and the notes out of view. */
  mounted: S[]
  /** Notes the overview canvas draws, in tldraw's order. */
  drawn: S[]
}

export function partitionDenseNotes<Id, S extends PartitionedShape<Id>>(input: DenseNotesInput<Id, S>): DenseNotes<S> {
  const mounted: S[] = []
  const drawn: S[] = []
  for (const entry of input.shapes) {
    if (entry.shape.type !== 'note' || input.keepMounted.has(entry.id)) mounted.push(entry)
    else if (input.notVisible.has(entry.id)) continue
    else if (input.isFlat(entry) || (input.mountedBeforeMove && !input.mountedBeforeMove.has(entry.id))) drawn.push(entry)
    else mounted.push(entry)
  }
  return { mounted, drawn }
}
