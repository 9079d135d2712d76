import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { getKeptEditsPrefix } from './deviceStore'
import { DEVICE_CHECKPOINT_DELAY_MS, MAX_RESCUE_COPY_CHARS, startEditRescue } from './rescueUnstoredEdits'
import { installLocalStorage } from '../../testing/installLocalStorage'

const PREFIX = getKeptEditsPrefix('b1')
const OTHER_BOARD_COPY = `${getKeptEditsPrefix('b2')}1`
const SERVER = Symbol('server')

/**
 * Stands in for y-indexeddb's connection: the rescue only opens read-only transactions on its
 * updates store and waits for their completion, which the test hands out (as the browser does once
 * the writes created before have committed).
 */
function fakeDeviceCopy() {
  const transactions: { oncomplete?: () => void }[] = []
  let markSynced = () => {}
  const local = {
    db: {
      transaction: (store: string, mode: string) => {
        expect([store, mode]).toEqual(['updates', 'readonly'])
        const transaction: { oncomplete?: () => void; objectStore: (name: string) => { count: () => void } } = {
          objectStore: (name) => {
            expect(name).toBe('updates')
            return { count: () => {} }
          },
        }
        transactions.push(transaction)
        return transaction
      },
    },
    whenSynced: new Promise<void>((resolve) => (markSynced = resolve)),
  }
  return {
    local: local as unknown as IndexeddbPersistence,
    loaded: async () => {
      markSynced()
      await local.whenSynced
    },
    commitAll: () => transactions.splice(0).forEach((t) => t.oncomplete?.()),
  }
}

/** The rescue's next checkpoint runs and the device copy commits what it was given. */
function confirmOnDevice(device: ReturnType<typeof fakeDeviceCopy>): void {
  vi.advanceTimersByTime(DEVICE_CHECKPOINT_DELAY_MS)
  device.commitAll()
}

/** A tab whose device copy has loaded and been confirmed, with its rescue started. */
async function openLoaded(doc = new Y.Doc()) {
  const device = fakeDeviceCopy()
  const rescue = startEditRescue(doc, device.local, PREFIX, SERVER)
  await device.loaded()
  device.commitAll()
  return { doc, device, rescue }
}

/** A new tab opening the board: what it shows once the kept copies are applied (no device copy). */
function reopen(deviceCopy?: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  if (deviceCopy) Y.applyUpdate(doc, deviceCopy)
  startEditRescue(doc, fakeDeviceCopy().local, PREFIX, SERVER)
  return doc
}

/** What the browser does for a localStorage change: tells the other documents of the origin, never the writer. */
const announceChange = (page: EventTarget, storage: Map<string, string>, key: string) =>
  page.dispatchEvent(Object.assign(new Event('storage'), { key, newValue: storage.get(key) ?? null }))

const typeInto = (doc: Y.Doc, text: string) => doc.getText('t').insert(doc.getText('t').length, text)
const textOf = (doc: Y.Doc) => doc.getText('t').toString()

describe('startEditRescue', () => {
  let storage: Map<string, string>
  beforeEach(() => {
    storage = installLocalStorage()
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('keeps edits the device copy has not confirmed, and a later open applies them', async () => {
    const { doc, rescue } = await openLoaded()
    typeInto(doc, 'typed just before the reload')
    rescue.saveAtRisk(new Map())
    expect(Array.from(storage.keys())).toEqual([`${PREFIX}${doc.clientID}`])
    expect(textOf(reopen())).toBe('typed just before the reload')
  })

  it('keeps only what neither the device copy nor the server holds', async () => {
    const { doc, device, rescue } = await openLoaded()
    typeInto(doc, 'on the device. ')
    const deviceCopy = Y.encodeStateAsUpdate(doc)
    confirmOnDevice(device)
    typeInto(doc, 'at risk')
    rescue.saveAtRisk(new Map())
    // Alone, the kept copy waits for the text before it: it holds only the edits at risk.
    expect(textOf(reopen())).toBe('')
    expect(textOf(reopen(deviceCopy))).toBe('on the device. at risk')
  })

  it('keeps a deletion, which leaves the state vector as it was', async () => {
    const { doc, device, rescue } = await openLoaded()
    typeInto(doc, 'a note to delete')
    const deviceCopy = Y.encodeStateAsUpdate(doc)
    confirmOnDevice(device)
    doc.getText('t').delete(0, doc.getText('t').length)
    rescue.saveAtRisk(new Map())
    expect(textOf(reopen(deviceCopy))).toBe('')
  })

  it('confirms the device copy while edits keep coming, not only once they stop', async () => {
    const { doc, device, rescue } = await openLoaded()
    for (let i = 0; i < 10; i++) {
      typeInto(doc, 'a')
      vi.advanceTimersByTime(DEVICE_CHECKPOINT_DELAY_MS / 3)
      device.commitAll()
    }
    rescue.saveAtRisk(new Map())
    expect(textOf(reopen())).toBe('')
  })

  it('writes nothing once the device copy has every edit made here, or for edits that came from the server', async () => {
    const { doc, device, rescue } = await openLoaded()
    typeInto(doc, 'confirmed')
    confirmOnDevice(device)
    const remote = new Y.Doc()
    remote.getText('t').insert(0, 'from someone else')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), SERVER)
    rescue.saveAtRisk(new Map())
    expect(storage.size).toBe(0)
  })

  it('removes kept copies once the device copy has loaded them', async () => {
    const first = await openLoaded()
    typeInto(first.doc, 'kept')
    first.rescue.saveAtRisk(new Map())

    const doc = new Y.Doc()
    const device = fakeDeviceCopy()
    startEditRescue(doc, device.local, PREFIX, SERVER)
    expect(storage.size).toBe(1)
    await device.loaded()
    expect(storage.size).toBe(1) // the load's confirmation has not completed yet
    device.commitAll()
    expect(storage.size).toBe(0)
    expect(textOf(doc)).toBe('kept')
  })

  it("keeps each tab's copy apart, and never removes a copy written after it looked", async () => {
    const tabA = await openLoaded()
    const tabB = await openLoaded()
    tabB.doc.getText('b').insert(0, 'from tab B')
    tabB.rescue.saveAtRisk(new Map())
    typeInto(tabA.doc, 'from tab A')
    confirmOnDevice(tabA.device) // tab A's confirmation must not touch tab B's copy
    tabA.doc.getText('a2').insert(0, 'more from tab A')
    tabA.rescue.saveAtRisk(new Map())
    expect(storage.size).toBe(2)

    const reopened = reopen(Y.encodeStateAsUpdate(tabA.doc))
    expect(reopened.getText('b').toString()).toBe('from tab B')
    expect(reopened.getText('a2').toString()).toBe('more from tab A')
  })

  it('replaces the copies it took in with its own, which holds their edits', async () => {
    const first = await openLoaded()
    typeInto(first.doc, 'first. ')
    first.rescue.saveAtRisk(new Map())
    // No device copy confirms anything here (as when IndexedDB is unavailable).
    const doc = new Y.Doc()
    const rescue = startEditRescue(doc, fakeDeviceCopy().local, PREFIX, SERVER)
    typeInto(doc, 'second.')
    rescue.saveAtRisk(new Map())
    expect(Array.from(storage.keys())).toEqual([`${PREFIX}${doc.clientID}`])
    expect(textOf(reopen())).toBe('first. second.')
  })

  it('drops an unreadable kept copy and opens the board without it', () => {
    storage.set(`${PREFIX}7`, 'AAEC') // valid base64, not a Yjs update
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const doc = reopen()
    expect(storage.size).toBe(0)
    expect(textOf(doc)).toBe('')
  })

  it('clears every kept copy of the board and keeps no more, as when access is refused', async () => {
    const other = await openLoaded()
    typeInto(other.doc, 'another tab')
    other.rescue.saveAtRisk(new Map())
    storage.set(OTHER_BOARD_COPY, 'another board')
    const { doc, rescue } = await openLoaded(new Y.Doc())
    typeInto(doc, 'no longer allowed')
    rescue.clear()
    rescue.saveAtRisk(new Map())
    expect(Array.from(storage.keys())).toEqual([OTHER_BOARD_COPY])
  })

  it("takes in a copy written after it opened (the page being left, or another tab), and removes it once the device copy has it", async () => {
    const thisPage = new EventTarget()
    vi.stubGlobal('window', thisPage)
    const tellThisPage = (key: string) => announceChange(thisPage, storage, key)

    const { doc, device } = await openLoaded()
    const left = await openLoaded(new Y.Doc())
    typeInto(left.doc, 'typed as the page was left')
    left.rescue.saveAtRisk(new Map())
    const leftKey = `${PREFIX}${left.doc.clientID}`
    tellThisPage(leftKey)
    expect(textOf(doc)).toBe('typed as the page was left')

    storage.set(OTHER_BOARD_COPY, 'another board, not for this document')
    tellThisPage(OTHER_BOARD_COPY)
    expect(textOf(doc)).toBe('typed as the page was left')

    confirmOnDevice(device)
    expect(Array.from(storage.keys())).toEqual([OTHER_BOARD_COPY])
  })

  it('leaves a late copy whose edits wait for a part this document lacks, for the next open', async () => {
    const thisPage = new EventTarget()
    vi.stubGlobal('window', thisPage)
    const { doc, device } = await openLoaded()
    // Another tab, offline: its first edit is on the device, which this page does not read again.
    const other = await openLoaded(new Y.Doc())
    typeInto(other.doc, 'on the device. ')
    const deviceCopy = Y.encodeStateAsUpdate(other.doc)
    confirmOnDevice(other.device)
    typeInto(other.doc, 'at risk')
    other.rescue.saveAtRisk(new Map())
    const otherKey = `${PREFIX}${other.doc.clientID}`
    announceChange(thisPage, storage, otherKey)

    expect(textOf(doc)).toBe('') // waiting for 'on the device. '
    confirmOnDevice(device)
    expect(Array.from(storage.keys())).toEqual([otherKey])
    expect(textOf(reopen(deviceCopy))).toBe('on the device. at risk')
  })

  it('does not keep a copy too large for localStorage', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { doc, rescue } = await openLoaded()
    typeInto(doc, 'x'.repeat(MAX_RESCUE_COPY_CHARS))
    rescue.saveAtRisk(new Map())
    expect(storage.size).toBe(0)
  })
})
