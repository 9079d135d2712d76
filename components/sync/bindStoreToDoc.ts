import type { TLRecord, TLStore } from 'tldraw'
import type { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import type * as Y from 'yjs'
import type { RemoteChangeBatcher } from './createRemoteChangeBatcher'
import { reuseUnchangedParts } from './reuseUnchangedParts'

/**
 * Puts the document's records into the store, migrating them from an older schema if needed. A
 * record that fails validation is skipped and reported, so one bad record never blocks the board.
 */
export function loadRecordsIntoStore(
  store: TLStore,
  records: IncrementalKeyValue<TLRecord>,
  remoteSchema: Parameters<TLStore['schema']['migrateStoreSnapshot']>[0]['schema'] | undefined,
): string[] {
  const raw = Object.fromEntries(Array.from(records.map.values(), (e) => [e.key, e.val])) as Record<string, TLRecord>
  let incoming = raw
  if (remoteSchema) {
    const migrated = store.schema.migrateStoreSnapshot({ store: raw, schema: remoteSchema })
    if (migrated.type === 'success') incoming = migrated.value as Record<string, TLRecord>
  }
  const skipped: string[] = []
  store.mergeRemoteChanges(() => {
    for (const record of Object.values(incoming)) if (!putRecord(store, record)) skipped.push(record.id)
  })
  return skipped
}

/**
 * Before the board loaded, tldraw filled the empty store with its defaults (a document and a page).
 * Every board has its own, under the same ids, which replaced them; a default of a kind the board
 * has (another page) is dropped. Anything else made before the load (a shape pasted under the
 * loading veil) is written to the board, as it would have been on a board opened loaded; read-only
 * (no `board:edit`), it is dropped.
 */
export function reconcileRecordsMadeBeforeLoad(store: TLStore, records: IncrementalKeyValue<TLRecord>, { readOnly = false }: { readOnly?: boolean } = {}): void {
  const kindsInBoard = new Set(Array.from(records.map.values(), (e) => e.val.typeName))
  const localOnly = store.allRecords().filter((r) => store.scopedTypes.document.has(r.typeName) && !records.has(r.id) && !isPrivateRecord(r))
  const isPlaceholder = (r: TLRecord) => (r.typeName === 'page' || r.typeName === 'document') && kindsInBoard.has(r.typeName)
  const placeholders = localOnly.filter(isPlaceholder)
  if (placeholders.length) store.mergeRemoteChanges(() => store.remove(placeholders.map((r) => r.id)))
  const made = localOnly.filter((r) => !isPlaceholder(r))
  if (!made.length) return
  // Read-only: nothing made here may stay (the server would refuse it) and it leaves the store
  // instead, except tldraw's defaults of a kind the board lacks (it needs a page and a document).
  if (readOnly) {
    const drop = made.filter((r) => r.typeName !== 'page' && r.typeName !== 'document').map((r) => r.id)
    if (drop.length) store.mergeRemoteChanges(() => store.remove(drop))
  } else records.doc.transact(() => made.forEach((r) => records.set(r.id, r)))
}

/**
 * Puts one record (inside `mergeRemoteChanges`); false if this app's schema refuses it. One record
 * per `put`: a refused record then leaves the others' changes and their history entries intact (a
 * batch `put` that throws half-way has written records without recording them in the history), and
 * costs about the same (4,000 notes: 60-70 ms either way in Node).
 */
export function putRecord(store: TLStore, record: TLRecord): boolean {
  try {
    store.put([record])
    return true
  } catch (err) {
    console.warn('Skipped a record this app version cannot read', record.id, err)
    return false
  }
}

/**
 * Two-way binding of document-scope records between the tldraw store and the key-value records (YKeyValue layout). Notes
 * written during private writing (meta.jbPrivate) never enter the document: they stay on this
 * device until the reveal clears the flag, and only then are sent.
 *
 * Remote changes are applied once per frame (see createRemoteChangeBatcher), from the document's
 * value at that moment: a local edit made in between is already in the document and is not undone.
 * An updated record keeps the parts that did not change (see reuseUnchangedParts), so tldraw's
 * caches keyed on them (geometry, label size, rendered text) stay valid: a remote move re-renders
 * and re-measures nothing.
 */
export function bindStoreToDoc(
  store: TLStore,
  doc: Y.Doc,
  records: IncrementalKeyValue<TLRecord>,
  remote: RemoteChangeBatcher,
  { readOnly = false }: { readOnly?: boolean } = {},
): () => void {
  // Read-only (no `board:edit`): the store's own changes stay out of the document and are undone
  // in the store at once (the server would refuse them: only this tab would show them).
  if (readOnly) {
    const touched = new Set<TLRecord['id']>()
    const undo = () => {
      const ids = [...touched]
      touched.clear()
      store.mergeRemoteChanges(() => {
        const gone = ids.filter((id) => !records.has(id) && store.has(id))
        if (gone.length) store.remove(gone)
        for (const id of ids) {
          const value = records.get(id)
          if (value) putRecord(store, value)
        }
      })
    }
    const stopUndoing = store.listen(
      ({ changes }) => {
        for (const id of [...Object.keys(changes.added), ...Object.keys(changes.updated), ...Object.keys(changes.removed)]) touched.add(id as TLRecord['id'])
        // With the remote changes of the frame, outside the listener (the store is still flushing).
        remote.schedule(undo)
      },
      { source: 'user', scope: 'document' },
    )
    const stopApplying = bindDocToStore(store, records, remote)
    return () => {
      stopUndoing()
      stopApplying()
    }
  }
  const stopListening = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) if (!isPrivateRecord(record)) records.set(record.id, record)
        for (const [, record] of Object.values(changes.updated)) if (!isPrivateRecord(record)) records.set(record.id, record)
        for (const record of Object.values(changes.removed)) if (!isPrivateRecord(record)) records.delete(record.id)
      })
    },
    { source: 'user', scope: 'document' },
  )
  const stopApplying = bindDocToStore(store, records, remote)
  return () => {
    stopListening()
    stopApplying()
  }
}

/** The document's changes (not this client's own) into the store, once per frame. */
function bindDocToStore(store: TLStore, records: IncrementalKeyValue<TLRecord>, remote: RemoteChangeBatcher): () => void {
  const changed = new Set<TLRecord['id']>()
  const apply = () => {
    const toRemove: TLRecord['id'][] = []
    const toPut: TLRecord[] = []
    for (const id of changed) {
      const value = records.get(id)
      const current = store.get(id)
      if (value === undefined) {
        if (current) toRemove.push(id)
      } else {
        const next = current ? reuseUnchangedParts(current, value) : value
        if (next !== current) toPut.push(next)
      }
    }
    changed.clear()
    if (toRemove.length) store.remove(toRemove)
    for (const record of toPut) putRecord(store, record)
  }
  const onChange = (changes: Map<string, unknown>, tr: Y.Transaction) => {
    if (tr.local) return
    for (const id of changes.keys()) changed.add(id as TLRecord['id'])
    remote.schedule(apply)
  }
  records.on('change', onChange)
  return () => records.off('change', onChange)
}

/** A note written during private writing and not yet revealed. */
export function isPrivateRecord(record: TLRecord): boolean {
  return record.typeName === 'shape' && (record.meta as { jbPrivate?: unknown }).jbPrivate === true
}
