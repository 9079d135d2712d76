import { useCallback, useSyncExternalStore } from 'react'
import { react, type Editor, type NoteShapeUtil, type TLNoteShape, type TLShapeId } from 'tldraw'
import { getDensePixelsPerUnit, getNoteFontSize, hasFlatBorder, shouldGreekText } from './noteGreeking'

/**
 * Editor state every note's component reads, tracked once per editor instead of once per note.
 *
 * A tldraw `useValue` is a computed and a reaction per component; on a board of 4,000 notes, four of
 * them per note cost about a second to create on load, and tldraw visits each reaction that depends
 * on the store on every store change (the efficient zoom level counts the page's shapes), 30 or so
 * times a second while people edit. One reaction here notifies only the notes whose answer changed.
 */
interface NoteViewStore {
  liveIds: ReadonlySet<TLShapeId>
  efficientZoom: number
  colorMode: 'light' | 'dark'
  /** Device pixels per page unit on a dense page, else undefined (noteGreeking's getDensePixelsPerUnit). */
  densePixelsPerUnit: number | undefined
  /** On a dense page, the shapes out of view (tldraw's not-visible shapes, whether selected or not); else empty. */
  culledIds: ReadonlySet<TLShapeId>
  subscribeId(id: TLShapeId, listener: () => void): () => void
  subscribeAll(listener: () => void): () => void
}

const stores = new WeakMap<Editor, NoteViewStore>()

/**
 * The notes whose label tldraw must render itself: the only selected shape (tldraw keeps its text
 * editor ready so typing starts editing), the note being edited, and while a note is being edited
 * the hovered one (tldraw's "ready for editing": one click moves editing there).
 */
export function getLiveNoteIds(editor: Editor): Set<TLShapeId> {
  const ids = new Set<TLShapeId>()
  const selected = editor.getOnlySelectedShapeId()
  if (selected) ids.add(selected)
  const editing = editor.getEditingShapeId()
  if (editing) {
    ids.add(editing)
    const hovered = editor.getHoveredShapeId()
    if (hovered) ids.add(hovered)
  }
  return ids
}

const NO_IDS: ReadonlySet<TLShapeId> = new Set()

/** The ids in exactly one of the two sets. */
function getChangedIds(next: ReadonlySet<TLShapeId>, prev: ReadonlySet<TLShapeId>): TLShapeId[] {
  if (next === prev) return []
  const changed: TLShapeId[] = []
  for (const id of next) if (!prev.has(id)) changed.push(id)
  for (const id of prev) if (!next.has(id)) changed.push(id)
  return changed
}

/** The per-editor store (exported for its tests). */
export function getNoteViewStore(editor: Editor): NoteViewStore {
  const store = stores.get(editor)
  if (store) return store
  const idListeners = new Map<TLShapeId, Set<() => void>>()
  const allListeners = new Set<() => void>()
  const add = <K>(map: Map<K, Set<() => void>>, key: K, listener: () => void) => {
    let set = map.get(key)
    if (!set) map.set(key, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) map.delete(key)
    }
  }
  const created: NoteViewStore = {
    liveIds: new Set(),
    efficientZoom: editor.getEfficientZoomLevel(),
    colorMode: editor.getColorMode(),
    densePixelsPerUnit: getDensePixelsPerUnit(editor),
    culledIds: new Set(),
    subscribeId: (id, listener) => add(idListeners, id, listener),
    subscribeAll: (listener) => {
      allListeners.add(listener)
      return () => allListeners.delete(listener)
    },
  }
  const stop = react('note view state', () => {
    const liveIds = getLiveNoteIds(editor)
    const efficientZoom = editor.getEfficientZoomLevel()
    const colorMode = editor.getColorMode()
    const densePixelsPerUnit = getDensePixelsPerUnit(editor)
    const culledIds = densePixelsPerUnit === undefined ? NO_IDS : editor.getNotVisibleShapes()
    const changedAll = efficientZoom !== created.efficientZoom || colorMode !== created.colorMode || densePixelsPerUnit !== created.densePixelsPerUnit
    // Every note listens to both; when all are told, the per-note differences need not be worked out
    // (on a dense page that is every frame of a zoom gesture, over thousands of ids).
    const changedIds = changedAll ? [] : new Set([...getChangedIds(liveIds, created.liveIds), ...getChangedIds(culledIds, created.culledIds)])
    Object.assign(created, { liveIds, efficientZoom, colorMode, densePixelsPerUnit, culledIds })
    if (changedAll) for (const listener of [...allListeners]) listener()
    else for (const id of changedIds) for (const listener of [...(idListeners.get(id) ?? [])]) listener()
  })
  editor.disposables.add(stop)
  stores.set(editor, created)
  return created
}

const LIVE = 1
const HIDE_SHADOWS = 2
const DARK = 4
/** The flag set when the note's text is drawn as lines (exported for tests). */
export const GREEK_TEXT = 8

/** What one note shows, as a bit set: a snapshot React compares by value. */
export function getNoteViewFlags(
  store: Pick<NoteViewStore, 'liveIds' | 'efficientZoom' | 'colorMode' | 'densePixelsPerUnit' | 'culledIds'>,
  id: TLShapeId,
  scale: number,
  fontSize: number,
): number {
  if (store.liveIds.has(id)) return LIVE
  const dark = store.colorMode === 'dark' ? DARK : 0
  // Out of view on a dense page: the cheapest drawing, unchanged by the zoom, so a zoom in or out
  // re-renders only the notes in view (about 1 s of work for all 4,000 notes of a full page).
  if (store.culledIds.has(id)) return HIDE_SHADOWS | GREEK_TEXT | dark
  return (hasFlatBorder(store.efficientZoom, scale) ? HIDE_SHADOWS : 0) | dark | (shouldGreekText(store.densePixelsPerUnit, fontSize) ? GREEK_TEXT : 0)
}

/**
 * For one note (getNoteViewFlags): whether tldraw's own label must be mounted (getLiveNoteIds),
 * whether shadows give way to a border at this zoom (tldraw's `useEfficientZoomThreshold(0.25 /
 * scale)`), the colour mode (tldraw's `useColorMode` outside SVG export), and whether its text is
 * greeked (noteGreeking's shouldGreekText, or out of view on a dense page).
 */
export function useNoteViewState(util: NoteShapeUtil, shape: TLNoteShape): { live: boolean; hideShadows: boolean; colorMode: 'light' | 'dark'; greekText: boolean } {
  const store = getNoteViewStore(util.editor)
  const id = shape.id
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopId = store.subscribeId(id, listener)
      const stopAll = store.subscribeAll(listener)
      return () => (stopId(), stopAll())
    },
    [store, id],
  )
  const flags = useSyncExternalStore(subscribe, () => getNoteViewFlags(store, id, shape.props.scale, getNoteFontSize(util, shape, store.colorMode)))
  return { live: (flags & LIVE) !== 0, hideShadows: (flags & HIDE_SHADOWS) !== 0, colorMode: flags & DARK ? 'dark' : 'light', greekText: (flags & GREEK_TEXT) !== 0 }
}
