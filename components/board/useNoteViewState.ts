import { useCallback, useSyncExternalStore } from 'react'
import { react, type Editor, type TLShapeId } from 'tldraw'

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

function getNoteViewStore(editor: Editor): NoteViewStore {
  let store = stores.get(editor)
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
    const changedIds = [...liveIds, ...created.liveIds].filter((id) => liveIds.has(id) !== created.liveIds.has(id))
    const changedAll = efficientZoom !== created.efficientZoom || colorMode !== created.colorMode
    Object.assign(created, { liveIds, efficientZoom, colorMode })
    for (const id of changedIds) for (const listener of [...(idListeners.get(id) ?? [])]) listener()
    if (changedAll) for (const listener of [...allListeners]) listener()
  })
  editor.disposables.add(stop)
  stores.set(editor, created)
  return created
}

/**
 * For one note: whether tldraw's own label must be mounted (getLiveNoteIds), whether shadows give way
 * to a border at this zoom (tldraw's `useEfficientZoomThreshold(0.25 / scale)`), and the colour mode
 * (tldraw's `useColorMode` outside SVG export).
 */
export function useNoteViewState(editor: Editor, id: TLShapeId, scale: number): { live: boolean; hideShadows: boolean; colorMode: 'light' | 'dark' } {
  const store = getNoteViewStore(editor)
  const subscribeId = useCallback((listener: () => void) => store.subscribeId(id, listener), [store, id])
  const live = useSyncExternalStore(subscribeId, () => store.liveIds.has(id))
  const hideShadows = useSyncExternalStore(store.subscribeAll, () => store.efficientZoom < 0.25 / scale)
  const colorMode = useSyncExternalStore(store.subscribeAll, () => store.colorMode)
  return { live, hideShadows, colorMode }
}
