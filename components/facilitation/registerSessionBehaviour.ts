import { DefaultColorStyle, type Editor, type TLShape } from 'tldraw'
import type { Session } from '../../lib/collab/session'

/** Our cursor colours as tldraw note colours, so each person's notes default to their colour. */
const NOTE_COLOR_BY_CURSOR: Record<string, string> = {
  '#e03131': 'red',
  '#1971c2': 'blue',
  '#2f9e44': 'green',
  '#f08c00': 'orange',
  '#9c36b5': 'violet',
  '#0c8599': 'light-blue',
  '#c2255c': 'light-red',
  '#5c940d': 'light-green',
}

/**
 * Per-person behaviour that depends on the session: notes written during private writing are marked
 * private (kept on this device), and revealed ones are published, anonymised if asked.
 */
export function registerSessionBehaviour(editor: Editor, color: string, getSession: () => Session | undefined): () => void {
  const noteColor = NOTE_COLOR_BY_CURSOR[color]
  if (noteColor) editor.setStyleForNextShapes(DefaultColorStyle, noteColor as never)
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    const session = getSession()
    if (source !== 'user' || shape.type !== 'note' || !session?.privateWriting.on) return shape
    return { ...shape, meta: { ...shape.meta, jbPrivate: true, jbPrivateRound: session.privateWriting.round } }
  })
}

/**
 * Shares this person's private notes of every revealed round (at the reveal, or on return after it).
 * A note for which `isHeld` is true (it sits where a lock would refuse it) is not shared: the server
 * would undo it and it would be lost. It stays private on this device, and is shared by a later call
 * once the lock is lifted or its writer moves it out. Returns the notes shared and those held back.
 */
export function publishRevealedNotes(editor: Editor, session: Session, isHeld: (note: TLShape) => boolean = () => false): { published: TLShape[]; held: TLShape[] } {
  const { revealedRound, anonymous } = session.privateWriting
  const revealed = editor
    .getCurrentPageShapes()
    .filter((s) => s.meta.jbPrivate === true && Number(s.meta.jbPrivateRound ?? 0) <= revealedRound && !(session.privateWriting.on && Number(s.meta.jbPrivateRound) === session.privateWriting.round))
  const held = revealed.filter(isHeld)
  const published = revealed.filter((s) => !held.includes(s))
  if (published.length === 0) return { published, held }
  editor.run(() => {
    editor.updateShapes(
      published.map((s) => {
        // Meta is merged on update, so the flag is cleared explicitly rather than left out.
        const meta = { ...s.meta, jbPrivate: false }
        return { id: s.id, type: s.type, meta: anonymous ? { ...meta, authorName: '', authorId: '' } : meta }
      }),
    )
  })
  return { published, held }
}
