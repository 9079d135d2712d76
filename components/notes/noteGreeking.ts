import { computed, getDisplayValues, type Computed, type Editor, type NoteShapeUtil, type TLNoteShape, type TLShapeId } from 'tldraw'
import { hasLinkMark } from './tldrawNoteInternals'

/**
 * When a note's text is drawn as lines ("greeked"). The rules here are shared by the note itself
 * (useNoteViewState) and by what is drawn beside it (the facilitation overlay's author labels).
 */

/**
 * Text drawn smaller than this many device pixels is shown as lines on a dense page. The figure is
 * InDesign's default ("Greek type below 7 pt"): below it, glyphs are not legible.
 */
export const GREEK_TEXT_BELOW_DEVICE_PX = 7

/**
 * A page with more shapes than tldraw's own "many shapes" mark (`debouncedZoomThreshold`, 500, above
 * which tldraw debounces zoom-dependent rendering). Only such a page greeks illegible note text: drawing
 * 4,000 labels of 5 px text is about a fifth of opening a full board, while a workshop board of a few
 * dozen notes keeps its text at every zoom.
 */
export function isDensePage(editor: Editor): boolean {
  return editor.getCurrentPageShapeIds().size > editor.options.debouncedZoomThreshold
}

/** True when text of `fontSize` page units (scale included) is drawn as lines; see GREEK_TEXT_BELOW_DEVICE_PX. */
export function shouldGreekText(densePixelsPerUnit: number | undefined, fontSize: number): boolean {
  return densePixelsPerUnit !== undefined && fontSize * densePixelsPerUnit < GREEK_TEXT_BELOW_DEVICE_PX
}

const densePixelsPerUnit = new WeakMap<Editor, Computed<number | undefined>>()

/**
 * Device pixels per page unit when the page is dense (isDensePage), else undefined, at the smaller
 * of the zoom and tldraw's efficient zoom (which it holds while the camera moves on a dense page):
 * zooming in, text appears once the camera stops; zooming out, it turns to lines as soon as it is
 * too small, so notes coming into view during the gesture are drawn once, as lines. A computed per
 * editor, so readers depend on this value only, not on the whole instance record (which changes
 * with every cursor move).
 */
export function getDensePixelsPerUnit(editor: Editor): number | undefined {
  let value = densePixelsPerUnit.get(editor)
  if (!value) {
    value = computed('dense pixels per unit', () =>
      isDensePage(editor) ? Math.min(editor.getEfficientZoomLevel(), editor.getZoomLevel()) * editor.getInstanceState().devicePixelRatio : undefined,
    )
    densePixelsPerUnit.set(editor, value)
  }
  return value.get()
}

/** A note label's font size in page units: tldraw's size for the note's size style, adjusted and scaled. */
export function getNoteFontSize(util: NoteShapeUtil, shape: TLNoteShape, colorMode: 'light' | 'dark'): number {
  let size = fontSizes.get(shape)
  if (size === undefined) {
    // The colour mode does not change the size; passing the one the note renders with keeps tldraw's
    // one-entry display-values cache per shape valid for both reads.
    size = getDisplayValues(util, shape, colorMode).labelFontSize * (shape.props.fontSizeAdjustment ?? 1) * shape.props.scale
    fontSizes.set(shape, size)
  }
  return size
}

/**
 * Per note record (immutable: an edit is a new record). Dense-page passes ask for every note's size
 * on each store change; tldraw's display values cost more than a lookup.
 */
const fontSizes = new WeakMap<TLNoteShape, number>()

/**
 * Whether a note's shadow gives way to a flat border at this (efficient) zoom: below 25 %, later for
 * a note scaled up (tldraw's note component: `useEfficientZoomThreshold(0.25 / scale)`).
 */
export function hasFlatBorder(efficientZoom: number, scale: number): boolean {
  return efficientZoom < 0.25 / scale
}

/** Notes that always show tldraw's own label with its text: a link or URL button must stay usable. */
export function hasInteractiveText(shape: TLNoteShape): boolean {
  return !!shape.props.url || hasLinkMark(shape.props.richText)
}

/**
 * For what is drawn beside notes (such as their authors): a check whether a note's text is drawn as
 * lines right now by its zoom. Selected or edited notes (`liveIds`) and notes with links show their
 * text. Reads the editor once per check made, not once per note.
 */
export function createGreekedTextCheck(editor: Editor, liveIds: ReadonlySet<TLShapeId>): (shape: TLNoteShape) => boolean {
  const pixels = getDensePixelsPerUnit(editor)
  if (pixels === undefined) return () => false
  const colorMode = editor.getColorMode()
  return (shape) =>
    !liveIds.has(shape.id) &&
    !hasInteractiveText(shape) &&
    shouldGreekText(pixels, getNoteFontSize(editor.getShapeUtil(shape) as NoteShapeUtil, shape, colorMode))
}
