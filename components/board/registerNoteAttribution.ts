import type { Editor, TLShape } from 'tldraw'
import type { LocalUser } from './localUser'

/**
 * Stamps who wrote a note and when it last changed into `shape.meta` (authorId, authorName,
 * updatedAt): the journey export reads them. Only this person's own edits are stamped; remote
 * changes arrive with their author's stamp already in place. The author is stamped on creation
 * only, as the server does (it sets the author from the writer's identity and keeps it afterwards,
 * see server/sync/RoomPolicy.ts): a note without an author keeps none when edited here, so the
 * server has nothing to put back.
 */
export function registerNoteAttribution(editor: Editor, user: LocalUser, now: () => number = Date.now): () => void {
  const stampCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || shape.type !== 'note') return shape
    return { ...shape, meta: { ...shape.meta, authorId: user.id, authorName: user.name, updatedAt: now() } }
  })
  const stampChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev: TLShape, next: TLShape, source) => {
    if (source !== 'user' || next.type !== 'note') return next
    if (prev.props === next.props && prev.x === next.x && prev.y === next.y && prev.parentId === next.parentId) return next
    return { ...next, meta: { ...next.meta, updatedAt: now() } }
  })
  return () => {
    stampCreate()
    stampChange()
  }
}
