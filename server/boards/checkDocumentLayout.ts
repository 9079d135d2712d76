import * as Y from 'yjs'
import { isDocumentRecordId, isDocumentRoot, META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'

/** How many problems are listed at most; one is enough to refuse. */
const MAX_PROBLEMS = 10

/**
 * Checks that a document follows the documented layout (lib/collab/documentLayout.ts, README
 * "Document layout"): `tldraw` is an array of `{ key, val }` entries whose `val` is a document-scope
 * record with `id === key`, `meta.schema` is set, and no root outside `DOCUMENT_ROOTS` holds
 * anything (the schema the sync server enforces too). Returns the problems found; empty means valid.
 * Call it before the roots are typed by anything else (it inspects untyped roots first, because
 * `getArray` on a root written as a map would throw).
 */
export function checkDocumentLayout(doc: Y.Doc): string[] {
  const problems: string[] = []
  const records = doc.share.get(RECORDS_ARRAY)
  const meta = doc.share.get(META_MAP)
  if (!records) return [`no "${RECORDS_ARRAY}" array`]
  // A root's kind is not stored: keyed items make it a map, positional items a list.
  if (records._map.size > 0) problems.push(`"${RECORDS_ARRAY}" is not an array`)
  if (meta && meta._start !== null) problems.push(`"${META_MAP}" is not a map`)
  for (const [name, type] of doc.share) {
    if (isDocumentRoot(name)) continue
    if (type._length > 0 || [...type._map.values()].some((item) => !item.deleted)) problems.push(`root "${name.slice(0, 60)}" is not part of the layout`)
  }
  if (problems.length) return problems

  const entries = doc.getArray<unknown>(RECORDS_ARRAY).toArray()
  if (entries.length === 0) problems.push(`"${RECORDS_ARRAY}" holds no records`)
  entries.forEach((entry, i) => {
    if (problems.length >= MAX_PROBLEMS) return
    const e = entry as { key?: unknown; val?: { id?: unknown; typeName?: unknown } } | null
    if (!e || typeof e !== 'object' || typeof e.key !== 'string') problems.push(`entry ${i} is not { key, val }`)
    else if (!isDocumentRecordId(e.key)) problems.push(`entry ${i} has key "${e.key.slice(0, 60)}", not a document record id`)
    else if (!e.val || typeof e.val !== 'object' || e.val.id !== e.key || typeof e.val.typeName !== 'string') {
      problems.push(`entry ${i} ("${e.key.slice(0, 60)}") is not a record with id "${e.key.slice(0, 60)}"`)
    }
  })
  if (doc.getMap(META_MAP).get(META_SCHEMA_KEY) === undefined) problems.push(`"${META_MAP}" has no "${META_SCHEMA_KEY}"`)
  return problems
}
