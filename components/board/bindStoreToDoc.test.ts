import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLShape } from 'tldraw'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../lib/journey/buildTestNote'
import { bindStoreToDoc, loadRecordsIntoStore } from './bindStoreToDoc'
import { createRemoteChangeBatcher } from './createRemoteChangeBatcher'

const note = (id: string, x = 0, text = 'Hi', meta: Record<string, unknown> = {}) => buildTestNote({ id: `shape:${id}`, x, y: 0, text, meta }) as unknown as TLRecord

/** A browser's store bound to its document, and another client whose edits reach that document. */
function setup() {
  const doc = new Y.Doc()
  const other = new Y.Doc()
  // What the other client (stock y-utility YKeyValue) writes arrives as a remote transaction, as from the provider.
  other.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'provider'))
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const records = new IncrementalKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
  const theirs = new YKeyValue<TLRecord>(other.getArray(RECORDS_ARRAY))
  const remote = createRemoteChangeBatcher(store)
  const stop = bindStoreToDoc(store, doc, records, remote)
  const remoteMerges: number[] = []
  store.listen(({ changes }) => remoteMerges.push(Object.keys(changes.added).length + Object.keys(changes.updated).length + Object.keys(changes.removed).length), { source: 'remote' })
  return { doc, store, records, theirs, remote, remoteMerges, stop }
}

afterEach(() => vi.restoreAllMocks())

describe('bindStoreToDoc', () => {
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
