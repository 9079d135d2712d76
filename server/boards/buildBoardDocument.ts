import { createTLSchema } from '@tldraw/tlschema'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { BoardRecord } from '../../lib/tldraw/records'

const tldrawSchema = createTLSchema()

/** tldraw's serialized schema for the version this server ships, as stored in the document meta. */
export function getSerializedSchema() {
  return tldrawSchema.serialize()
}

/**
 * Checks each record against tldraw's own schema, so the server never seeds a document that a
 * client would reject. Throws with the record id on the first invalid record.
 */
export function validateRecords(records: readonly BoardRecord[]): void {
  const types = tldrawSchema.types as Record<string, { validate(r: unknown): unknown } | undefined>
  for (const record of records) {
    const type = types[record.typeName]
    if (!type) throw new Error(`Record ${record.id} has unknown type ${record.typeName}`)
    try {
      type.validate(record)
    } catch (err) {
      throw new Error(`Record ${record.id} is not a valid tldraw record: ${(err as Error).message}`)
    }
  }
}

/** Encodes records into a Yjs update in the documented layout (YKeyValue over the records array). */
export function buildBoardDocument(records: readonly BoardRecord[]): Uint8Array {
  validateRecords(records)
  const doc = new Y.Doc()
  const kv = new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY))
  doc.transact(() => {
    for (const record of records) kv.set(record.id, record)
    doc.getMap(META_MAP).set(META_SCHEMA_KEY, getSerializedSchema())
  })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/**
 * Reads the records of a Yjs document in the documented layout. When a key appears twice (a
 * concurrent overwrite not yet cleaned up), the rightmost entry wins, as in YKeyValue. Read-only: it
 * never writes to the document, so it is safe on a live room.
 */
export function readBoardRecords(doc: Y.Doc): BoardRecord[] {
  const latest = new Map<string, BoardRecord>()
  for (const entry of doc.getArray<{ key: string; val: BoardRecord }>(RECORDS_ARRAY).toArray()) latest.set(entry.key, entry.val)
  return [...latest.values()]
}
