import type { Editor, TLShape } from 'tldraw'
import type { LocalUser } from '../sync/localUser'

/** Shapes whose words are part of the journey (see `buildJourney`), so they carry their author too. */
const ATTRIBUTED_TYPES: ReadonlySet<string> = new Set(['note', 'text', 'geo', 'frame', 'arrow'])

/** A shape the journey reads as a note: one of those types and not one of the grid's own shapes. */
function isAttributed(shape: TLShape): boolean {
  return ATTRIBUTED_TYPES.has(shape.type) && shape.meta.jbRole === undefined
}

/**
 * Stamps who wrote a note (or a text, geo, frame or arrow shape) and when it last changed into `shape.meta` (authorId, authorName,
 * updatedAt): the journey export reads them. Only this person's own edits are stamped; remote
 * changes arrive with their author's stamp already in place. The author is stamped on creation
 * only, as the server does (it sets the author from the writer's identity and keeps it afterwards,
 * see server/sync/RoomPolicy.ts): a note without an author keeps none when edited here, so the
 * server has nothing to put back.
 */
export function registerNoteAttribution(editor: Editor, user: LocalUser, now: () => number = Date.now): () => void {
  const stampCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || !isAttributed(shape)) return shape
    return { ...shape, meta: { ...shape.meta, authorId: user.id, authorName: user.name, updatedAt: now() } }
  })
  const stampChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev: TLShape, next: TLShape, source) => {
    if (source !== 'user' || !isAttributed(next)) return next
    if (prev.props === next.props && prev.x === next.x && prev.y === next.y && prev.parentId === next.parentId) return next
    return { ...next, meta: { ...next.meta, updatedAt: now() } }
  })
  return () => {
    stampCreate()
    stampChange()
  }
}
