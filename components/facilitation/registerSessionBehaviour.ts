import { DefaultColorStyle, type Editor, type TLShape } from 'tldraw'
import type { SessionState } from './useSessionState'

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
export function registerSessionBehaviour(editor: Editor, color: string, getSession: () => SessionState | undefined): () => void {
  const noteColor = NOTE_COLOR_BY_CURSOR[color]
  if (noteColor) editor.setStyleForNextShapes(DefaultColorStyle, noteColor as never)
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    const session = getSession()
    if (source !== 'user' || shape.type !== 'note' || !session?.privateWriting.on) return shape
    return { ...shape, meta: { ...shape.meta, jbPrivate: true, jbPrivateRound: session.privateWriting.round } }
  })
}

/** Shares this person's private notes of every revealed round (the reveal, or on return after it). */
export function publishRevealedNotes(editor: Editor, session: SessionState): number {
  const { revealedRound, anonymous } = session.privateWriting
  const due = editor
    .getCurrentPageShapes()
    .filter((s) => s.meta.jbPrivate === true && Number(s.meta.jbPrivateRound ?? 0) <= revealedRound && !(session.privateWriting.on && Number(s.meta.jbPrivateRound) === session.privateWriting.round))
  if (due.length === 0) return 0
  editor.run(() => {
    editor.updateShapes(
      due.map((s) => {
        // Meta is merged on update, so the flag is cleared explicitly rather than left out.
        const meta = { ...s.meta, jbPrivate: false }
        return { id: s.id, type: s.type, meta: anonymous ? { ...meta, authorName: '', authorId: '' } : meta }
      }),
    )
  })
  return due.length
}
