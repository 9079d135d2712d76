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
