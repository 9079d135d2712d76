import type { Editor, TLShape } from 'tldraw'
import { DEFAULT_MAX_NOTE_CHARS } from '../../lib/collab/describeDocumentRefusal'
import { getRichTextLength } from '../../lib/tldraw/richText'

function readRichText(shape: TLShape): unknown {
  return (shape.props as { richText?: unknown }).richText
}

/**
 * Stops this person's own edit that would make a shape's text longer than the server takes
 * (MAX_NOTE_CHARS, by default `DEFAULT_MAX_NOTE_CHARS`), before it is sent: the change is cancelled
 * (typing past the limit, a long paste into a note) and `onRefused` is told the limit, for the
 * notice "This note is too long". A text that shrinks, or stays as it was, always goes through. The
 * server refuses longer text whatever a client sends; a creation that is already too long (pasting
 * a new shape) is left to it, as tldraw cannot cancel a creation beforehand.
 */
export function registerNoteLengthGuard(editor: Editor, onRefused: (limit: number) => void, maxChars = DEFAULT_MAX_NOTE_CHARS): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user') return next
    const text = readRichText(next)
    if (text === undefined || text === readRichText(prev)) return next
    const length = getRichTextLength(text, maxChars)
    if (length <= maxChars || length <= getRichTextLength(readRichText(prev), maxChars + 1)) return next
    onRefused(maxChars)
    return prev
  })
}
