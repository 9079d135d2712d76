import type { Editor, TLShape } from 'tldraw'
import { getLockRefusal, placeShape, type LockRefusal, type ShapePlacement } from '../../lib/collab/getLockRefusal'
import type { LockState } from '../../lib/collab/session'

/** The same refusal is announced again at most this often while it repeats (a drag refuses every frame). */
const REPEAT_NOTICE_MS = 1_000

/**
 * Where a shape record is or would be: its page-space centre from its record and its parents' (the
 * rule the server applies, lib/collab/getLockRefusal.ts), not from tldraw's geometry, so both judge
 * the same point.
 */
export function getShapePlacement(editor: Editor, shape: TLShape): ShapePlacement {
  return placeShape(shape, (id) => editor.store.get(id as TLShape['id']))
}

/**
 * Stops a participant's changes that the facilitator's locks forbid before they happen, instead of
 * sending them for the server to undo (a note that flashes and vanishes). The rule is
 * `getLockRefusal`; the server keeps enforcing its own, so this is for the person, not for security.
 *
 * - A change (move, resize, text, style) is cancelled by returning the previous record.
 * - A creation (note tool, paste, duplicate, undo of a deletion) cannot be cancelled beforehand in
 *   tldraw 5, so the new shape is deleted in the same store operation: nothing renders, and the
 *   store's listeners (the sync among them) see no change at all. tldraw's tools already handle a
 *   shape that is gone (the note tool cancels its creation).
 * - A deletion is refused.
 * - Starting to edit a locked shape's text ends at once: every keystroke would be refused.
 *
 * Only this person's own edits are judged (source `user`): remote changes, the server's corrections
 * included, always apply. `onRefused` is told why, for a notice.
 */
export function registerLockGuard(editor: Editor, getLock: () => LockState | undefined, onRefused: (reason: LockRefusal) => void): () => void {
  let removingRefused = false
  let last: { reason: LockRefusal; at: number } | undefined
  const announce = (reason: LockRefusal) => {
    const now = Date.now()
    if (last?.reason === reason && now - last.at < REPEAT_NOTICE_MS) return
    last = { reason, at: now }
    onRefused(reason)
  }
  // The centre is only needed when regions are locked.
  const place = (shape: TLShape, lock: LockState): ShapePlacement => (lock.regions.length > 0 ? getShapePlacement(editor, shape) : { shape })

  const stopCreate = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    const lock = getLock()
    if (source !== 'user' || !lock) return
    const reason = getLockRefusal(lock, undefined, place(shape, lock))
    if (!reason) return
    removingRefused = true
    try {
      // With its descendants (a pasted frame's contents), whatever their own lock state.
      editor.run(() => editor.deleteShapes([shape.id]), { ignoreShapeLock: true })
    } finally {
      removingRefused = false
    }
    announce(reason)
  })
  const stopChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    const lock = getLock()
    if (source !== 'user' || !lock) return next
    const reason = getLockRefusal(lock, place(prev, lock), place(next, lock))
    if (!reason) return next
    announce(reason)
    return prev
  })
  const stopDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    const lock = getLock()
    if (removingRefused || source !== 'user' || !lock) return
    const reason = getLockRefusal(lock, place(shape, lock), undefined)
    if (!reason) return
    announce(reason)
    return false
  })
  const stopEditing = editor.sideEffects.registerAfterChangeHandler('instance_page_state', (prev, next) => {
    const lock = getLock()
    const shape = next.editingShapeId && next.editingShapeId !== prev.editingShapeId ? editor.getShape(next.editingShapeId) : undefined
    if (!lock || !shape) return
    const placement = place(shape, lock)
    const reason = getLockRefusal(lock, placement, placement)
    if (!reason) return
    announce(reason)
    // Not inside the store's side effect: leaving the editing state writes this record again.
    queueMicrotask(() => {
      if (!editor.isDisposed && editor.getEditingShapeId() === shape.id) editor.setCurrentTool('select.idle')
    })
  })
  return () => {
    stopCreate()
    stopChange()
    stopDelete()
    stopEditing()
  }
}
