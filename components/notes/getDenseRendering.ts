import { computed, isUninitialized, unsafe__withoutCapture, type Computed, type Editor, type NoteShapeUtil, type TLNoteShape, type TLRenderingShape, type TLShapeId } from 'tldraw'
import { getDensePixelsPerUnit, getNoteFontSize, hasInteractiveText, shouldGreekText } from './noteGreeking'
import { getGridMeta } from '../../lib/templates/gridMeta'
import { getCameraMotion } from './getCameraMotion'
import { partitionDenseNotes } from './partitionDenseNotes'

/** What tldraw renders as shapes and what the overview canvas draws (see partitionDenseNotes). */
export interface DenseRendering {
  mounted: TLRenderingShape[]
  drawn: TLRenderingShape[]
  drawnIds: ReadonlySet<TLShapeId>
  /** The overview canvas's z-index (see partitionDenseNotes). */
  canvasIndex: number
}

const NO_IDS: ReadonlySet<TLShapeId> = new Set()

const renderings = new WeakMap<Editor, Computed<DenseRendering>>()

const sameIds = (a: ReadonlySet<TLShapeId>, b: ReadonlySet<TLShapeId>) => a.size === b.size && [...a].every((id) => b.has(id))

/**
 * The editor's dense-page rendering, installed on first call: tldraw's `getRenderingShapes` (which
 * its canvas mounts, and its indicators and overlays consult) answers with the mounted part only.
 * Called while the canvas renders, before tldraw's shapes layer (a sibling after it) first asks, so
 * the layer never mounts a full page first. On a page that is not dense nothing changes: the same
 * list as tldraw's.
 */
export function getDenseRendering(editor: Editor): Computed<DenseRendering> {
  const existing = renderings.get(editor)
  if (existing) return existing
  const tldrawRenderingShapes = Object.getPrototypeOf(editor).getRenderingShapes as (this: Editor) => TLRenderingShape[]
  // Own signals for what the partition reads, so it reruns when these answers change, not on every
  // change of the instance record (cursor moves, for one).
  const cameraMoving = getCameraMotion(editor)
  const keepMounted = computed(
    'notes kept mounted',
    () => {
      const ids = new Set(editor.getSelectedShapeIds())
      // Others' selections too: tldraw outlines them only on shapes it renders.
      for (const presence of editor.getCollaboratorsOnCurrentPage()) for (const id of presence.selectedShapeIds) ids.add(id)
      const editing = editor.getEditingShapeId()
      const hovered = editor.getHoveredShapeId()
      if (editing) ids.add(editing)
      if (hovered) ids.add(hovered)
      return ids
    },
    { isEqual: sameIds },
  )
  const rendering = computed<DenseRendering>('dense rendering', (previous) => {
    const shapes = tldrawRenderingShapes.call(editor)
    const pixelsPerUnit = getDensePixelsPerUnit(editor)
    if (pixelsPerUnit === undefined) return { mounted: shapes, drawn: [], drawnIds: NO_IDS, canvasIndex: 0 }
    const colorMode = editor.getColorMode()
    const isFlat = ({ shape, util }: TLRenderingShape) => {
      const note = shape as TLNoteShape
      return !hasInteractiveText(note) && shouldGreekText(pixelsPerUnit, getNoteFontSize(util as NoteShapeUtil, note, colorMode))
    }
    const notVisible = editor.getNotVisibleShapes()
    const kept = keepMounted.get()
    const mountedBeforeMove = cameraMoving.get() && !isUninitialized(previous) ? new Set(previous.mounted.map((s) => s.id)) : undefined
    // The per-note reads (display values) are not tracked: each note's record is already a parent,
    // through tldraw's rendering shapes, and thousands of parents make every later check slow.
    const pageId = editor.getCurrentPageId()
    const { mounted, drawn, canvasIndex } = unsafe__withoutCapture(() =>
      partitionDenseNotes({
        shapes,
        notVisible,
        keepMounted: kept,
        isFlat,
        mountedBeforeMove,
        isNested: ({ shape }) => shape.parentId !== pageId,
        getBounds: ({ id }) => editor.getShapePageBounds(id),
        isBackdrop: ({ shape }) => getGridMeta(shape.meta) !== undefined,
      }),
    )
    return { mounted, drawn, drawnIds: new Set(drawn.map((s) => s.id)), canvasIndex }
  })
  renderings.set(editor, rendering)
  Object.defineProperty(editor, 'getRenderingShapes', { configurable: true, value: () => rendering.get().mounted })
  return rendering
}
