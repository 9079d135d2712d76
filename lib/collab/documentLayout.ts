/**
 * How a board lives in its Yjs document. Third-party tools read boards through this layout, so it
 * is a public interface (documented in README.md): change it only with a migration.
 *
 * - `doc.getArray(RECORDS_ARRAY)` holds a y-utility `YKeyValue`: entries `{ key: recordId, val: record }`
 *   where `val` is the tldraw record's JSON (document-scope records only: document, page, shape,
 *   binding, asset, user).
 * - `doc.getMap(META_MAP)` holds `schema`: tldraw's serialized store schema the records conform to.
 */
export const RECORDS_ARRAY = 'tldraw'
export const META_MAP = 'meta'
export const META_SCHEMA_KEY = 'schema'

/** Record type names that are synchronised; everything else (camera, instance, pointer) stays local. */
export const DOCUMENT_RECORD_TYPES = ['document', 'page', 'shape', 'binding', 'asset', 'user'] as const

export function isDocumentRecordId(id: string): boolean {
  const type = id.slice(0, id.indexOf(':'))
  return (DOCUMENT_RECORD_TYPES as readonly string[]).includes(type)
}

/**
 * The root types a board's document may hold, and their kind: the one schema of the layout that the
 * server enforces (server/sync/RoomPolicy.ts) and checks on import (checkDocumentLayout), and that
 * README "Document layout" documents. A write to any other root, or of the wrong kind (a map key in
 * the records array, a list item in a map), is refused by the server.
 */
export const DOCUMENT_ROOTS = {
  [RECORDS_ARRAY]: 'array',
  [META_MAP]: 'map',
  session: 'map',
  votes: 'map',
} as const satisfies Record<string, 'array' | 'map'>

export type DocumentRootName = keyof typeof DOCUMENT_ROOTS

export function isDocumentRoot(name: string): name is DocumentRootName {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_ROOTS, name)
}

/**
 * Fields of a note's `meta` that the server owns (see RoomPolicy): who wrote it, set from the
 * writer's identity when the note is created (or left empty for an anonymous reveal) and never
 * changed by anyone else; and the dot-vote tally, written by the server when a vote closes.
 */
export const NOTE_AUTHOR_KEYS = ['authorId', 'authorName'] as const
export const NOTE_VOTES_KEY = 'votes'
