/**
 * Why the server refused (undid) part of a writer's change, beyond the locks (lib/collab/getLockRefusal.ts):
 * sent to that writer in a REFUSED message (lib/collab/syncMessages.ts) with the limit that applied.
 * - `note-too-long`: a shape's text has more characters than MAX_NOTE_CHARS;
 * - `board-full`: the board's stored document is at MAX_BOARD_BYTES;
 * - `layout`: the change wrote outside the documented layout (README "Document layout"): an unknown
 *   root type, the `meta` map, a record that is not a document record, a parent that does not exist
 *   or may not be used;
 * - `lock`: a facilitator's lock (the browser stops these before they are sent);
 * - `session`: the session or vote maps, which are the facilitator's and the server's.
 */
export const DOCUMENT_REFUSALS = ['note-too-long', 'board-full', 'layout', 'lock', 'session'] as const
export type DocumentRefusal = (typeof DOCUMENT_REFUSALS)[number]

export function isDocumentRefusal(value: string): value is DocumentRefusal {
  return (DOCUMENT_REFUSALS as readonly string[]).includes(value)
}

/** Default of MAX_NOTE_CHARS (server/config.ts); the browser stops longer notes before sending them. */
export const DEFAULT_MAX_NOTE_CHARS = 20_000

/** The sentence the writer's browser shows; `limit` is the limit that applied (0 when none). */
export function describeDocumentRefusal(reason: DocumentRefusal, limit: number): string {
  switch (reason) {
    case 'note-too-long':
      return `This note is too long: ${limit.toLocaleString('en-US')} characters at most.`
    case 'board-full':
      return `This board is full (${formatMegabytes(limit)} at most): the change was not saved. Delete something, or start a new board.`
    case 'layout':
      return 'The server refused a change from this browser that the board does not allow.'
    case 'lock':
      return 'This is locked by the facilitator.'
    case 'session':
      return 'Only the facilitator can change the session.'
  }
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`
}
