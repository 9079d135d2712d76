import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLShape } from 'tldraw'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import { buildDocumentRecords } from '../../lib/tldraw/records'
import { bindStoreToDoc, loadRecordsIntoStore, reconcileRecordsMadeBeforeLoad } from './bindStoreToDoc'
import { createRemoteChangeBatcher } from './createRemoteChangeBatcher'

const note = (id: string, x = 0, text = 'Hi', meta: Record<string, unknown> = {}) => buildTestNote({ id: `shape:${id}`, x, y: 0, text, meta }) as unknown as TLRecord

/** A browser's store bound to its document (read-only if told), and another client whose edits reach that document. */
function setup(options: { readOnly?: boolean } = {}) {
  const doc = new Y.Doc()
  const other = new Y.Doc()
  // What the other client (stock y-utility YKeyValue) writes arrives as a remote transaction, as from the provider.
  other.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'provider'))
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const records = new IncrementalKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
  const theirs = new YKeyValue<TLRecord>(other.getArray(RECORDS_ARRAY))
  const remote = createRemoteChangeBatcher(store)
  const stop = bindStoreToDoc(store, doc, records, remote, options)
  const remoteMerges: number[] = []
  store.listen(({ changes }) => remoteMerges.push(Object.keys(changes.added).length + Object.keys(changes.updated).length + Object.keys(changes.removed).length), { source: 'remote' })
  return { doc, store, records, theirs, remote, remoteMerges, stop }
}

afterEach(() => vi.restoreAllMocks())

describe('bindStoreToDoc', () => {
  it('read-only: keeps the store\'s own changes out of the document and undoes them, still applies remote ones', () => {
    const { doc, store, theirs, remote } = setup({ readOnly: true })
    theirs.set('shape:a', note('a', 0))
    remote.flush()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    // A new note, a move and a deletion made in this tab (say, from the console).
    store.put([note('mine')])
    store.put([{ ...store.get('shape:a' as TLShape['id'])!, x: 500 }])
    remote.flush()
    expect(store.has('shape:mine' as TLShape['id'])).toBe(false)
    expect(store.get('shape:a' as TLShape['id'])!.x).toBe(0)
    store.remove(['shape:a' as TLShape['id']])
    remote.flush()
    expect(store.has('shape:a' as TLShape['id'])).toBe(true)
    expect(updates).toEqual([])
    theirs.set('shape:a', note('a', 50))
    remote.flush()
    expect(store.get('shape:a' as TLShape['id'])!.x).toBe(50)
  })

  it('applies what arrived since the last frame in one remote merge', () => {
    const { store, theirs, remote, remoteMerges } = setup()
    theirs.set('shape:a', note('a'))
    theirs.set('shape:b', note('b'))
    expect(store.has('shape:a' as TLShape['id'])).toBe(false)
    remote.flush()
    expect(store.has('shape:a' as TLShape['id'])).toBe(true)
    expect(store.has('shape:b' as TLShape['id'])).toBe(true)
    expect(remoteMerges).toEqual([2])
  })

  it('applies remote changes without a flush, within a frame or the background delay', async () => {
    const { store, theirs } = setup()
    theirs.set('shape:a', note('a'))
    await vi.waitFor(() => expect(store.has('shape:a' as TLShape['id'])).toBe(true))
  })

  it('keeps the unchanged parts of a record moved remotely', () => {
    const { store, theirs, remote } = setup()
    theirs.set('shape:a', note('a', 0))
    remote.flush()
    const before = store.get('shape:a' as TLShape['id'])!
    theirs.set('shape:a', note('a', 50))
    remote.flush()
    const after = store.get('shape:a' as TLShape['id'])!
    expect(after.x).toBe(50)
    expect(after.props).toBe(before.props)
    expect(after.meta).toBe(before.meta)
  })

  it('skips a record this app cannot read and applies the others', () => {
    const { store, theirs, remote } = setup()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const bad = { ...note('bad'), props: { ...(note('bad') as TLShape).props, color: 'no-such-colour' } } as TLRecord
    theirs.set('shape:bad', bad)
    theirs.set('shape:good', note('good'))
    remote.flush()
    expect(store.has('shape:good' as TLShape['id'])).toBe(true)
    expect(store.has('shape:bad' as TLShape['id'])).toBe(false)
    expect(console.warn).toHaveBeenCalledWith('Skipped a record this app version cannot read', 'shape:bad', expect.anything())
  })

  it('removes records deleted remotely', () => {
    const { store, theirs, remote } = setup()
    theirs.set('shape:a', note('a'))
    remote.flush()
    theirs.delete('shape:a')
    remote.flush()
    expect(store.has('shape:a' as TLShape['id'])).toBe(false)
  })

  it('does not undo a local edit made after a remote change arrived and before it was applied', () => {
    const { store, records, theirs, remote } = setup()
    theirs.set('shape:a', note('a', 0))
    remote.flush()
    theirs.set('shape:a', note('a', 10))
    store.put([{ ...store.get('shape:a' as TLShape['id'])!, x: 20 }])
    remote.flush()
    expect(store.get('shape:a' as TLShape['id'])!.x).toBe(20)
    expect((records.get('shape:a') as TLShape).x).toBe(20)
  })

  it('writes local changes to the document, except private notes', () => {
    const { store, records } = setup()
    store.put([note('mine'), note('secret', 0, 'Hush', { jbPrivate: true })])
    expect(records.has('shape:mine')).toBe(true)
    expect(records.has('shape:secret')).toBe(false)
  })
})

describe('loadRecordsIntoStore', () => {
  it('loads every readable record and reports the unreadable ones', () => {
    const doc = new Y.Doc()
    const records = new IncrementalKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
    records.set('shape:a', note('a'))
    records.set('shape:bad', { ...note('bad'), type: 'no-such-shape' } as unknown as TLRecord)
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(loadRecordsIntoStore(store, records, undefined)).toEqual(['shape:bad'])
    expect(store.has('shape:a' as TLShape['id'])).toBe(true)
  })
})

describe('reconcileRecordsMadeBeforeLoad', () => {
  /** A store as tldraw leaves it when it mounts before the board arrives, and the board's records. */
  function loadInto(board: TLRecord[], madeBeforeLoad: TLRecord[] = []) {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    // What tldraw's editor does to an empty store when it mounts (typed internal in tldraw 5.1).
    ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
    store.put(madeBeforeLoad)
    const doc = new Y.Doc()
    const records = new IncrementalKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
    doc.transact(() => board.forEach((r) => records.set(r.id, r)))
    loadRecordsIntoStore(store, records, undefined)
    reconcileRecordsMadeBeforeLoad(store, records)
    const ids = (typeName: string) => store.allRecords().filter((r) => r.typeName === typeName).map((r) => r.id).sort()
    return { store, records, ids }
  }
  const boardRecords = (pageId = 'page:page') =>
    buildDocumentRecords('Journey').map((r) => (r.typeName === 'page' ? { ...r, id: pageId } : r)) as unknown as TLRecord[]

  it("takes the board's own document and page in place of tldraw's defaults, writing nothing back", () => {
    const { store, records, ids } = loadInto([...boardRecords(), note('a')])
    expect(ids('page')).toEqual(['page:page'])
    expect((store.get('page:page' as TLRecord['id']) as { name: string }).name).toBe('Journey')
    expect(records.map.size).toBe(3)
  })

  it("drops tldraw's default page when the board's page has another id", () => {
    const { ids, records } = loadInto([...boardRecords('page:journey'), note('a')])
    expect(ids('page')).toEqual(['page:journey'])
    expect(records.has('page:page')).toBe(false)
  })

  it('writes to the board a shape made before the load (pasted under the veil), but not a private note', () => {
    const pasted = note('pasted')
    const secret = note('secret', 0, 'Only mine', { jbPrivate: true })
    const { records, store } = loadInto([...boardRecords(), note('a')], [pasted, secret])
    expect(records.get('shape:pasted')).toEqual(pasted)
    expect(records.has('shape:secret')).toBe(false)
    expect(store.has('shape:secret' as TLShape['id'])).toBe(true)
  })

  it("keeps and writes tldraw's default page to a board that has none", () => {
    const { records, ids } = loadInto([note('a')])
    expect(ids('page')).toEqual(['page:page'])
    expect(records.has('page:page')).toBe(true)
    expect(records.has('document:document')).toBe(true)
  })
})
