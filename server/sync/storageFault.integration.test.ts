import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { MessageType } from '../../lib/collab/syncMessages'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import { createBoard } from '../boards/BoardService'
import { readBoardRecords } from '../boards/buildBoardDocument'
import { loadConfig } from '../config'
import { createAppServer } from '../createAppServer'
import type { Storage } from '../storage/Storage'
import { openFailingStorage } from '../testing/openFailingStorage'
import { connectClient, makeDataDir, makeSyncToken, waitFor } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A stock client that records SAVED acks and STORAGE_ERROR messages. */
function watchedClient(port: number, dataDir: string, boardId: string) {
  const c = connectClient(port, boardId, { token: makeSyncToken(dataDir, boardId), ack: '1' })
  cleanups.push(c.destroy)
  const acks: Map<number, number>[] = []
  const storageErrors: string[] = []
  c.provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
    acks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)))
  }
  c.provider.messageHandlers[MessageType.STORAGE_ERROR] = (_encoder, decoder) => {
    storageErrors.push(decoding.readVarString(decoder))
  }
  const records = new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY))
  /** Whether an ack covers everything this client has written. */
  const isAcked = () => acks.some((sv) => (sv.get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID))
  return { ...c, acks, storageErrors, records, isAcked }
}

async function storedIds(real: Storage, boardId: string): Promise<string[]> {
  const doc = new Y.Doc()
  for (const u of (await real.documents.loadDocument(boardId)).updates) Y.applyUpdate(doc, u)
  return readBoardRecords(doc).map((r) => r.id)
}

describe('storage errors while clients edit', () => {
  it('neither broadcasts nor acks an unstored change, tells the writer, and delivers it once storage recovers', async () => {
    const dataDir = makeDataDir()
    const { real, storage, fault } = await openFailingStorage(dataDir)
    const server = await createAppServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_UNLOAD_DELAY_MS: '200' }), storage)
    cleanups.push(() => server.close())
    const board = await createBoard(real.catalog, { title: 'Disk full' })
    const a = watchedClient(server.port, dataDir, board.id)
    const b = watchedClient(server.port, dataDir, board.id)
    await waitFor(() => a.provider.synced && b.provider.synced && a.acks.length > 0, 10_000, 'both synced, a acked')

    fault.failing = true
    const acksBefore = a.acks.length
    a.records.set('shape:unsaved', buildTestNote({ id: 'shape:unsaved', text: 'written while the disk is full', x: 100, y: 100 }))
    await waitFor(() => a.storageErrors.length > 0, 5_000, 'STORAGE_ERROR to the writer')
    expect(a.storageErrors[0]).toMatch(/not being saved.*SQLITE_FULL/)
    expect(fault.failures).toBeGreaterThan(0)

    // A barrier through the server: once b's awareness reached a, a broadcast of the note would have too.
    // (A field of its own: the server stamps `user` from the connection's identity.)
    b.provider.awareness.setLocalStateField('barrier', 'passed')
    await waitFor(() => [...a.provider.awareness.getStates().values()].some((s) => (s as { barrier?: string }).barrier === 'passed'))
    expect(b.records.has('shape:unsaved')).toBe(false)
    expect(a.acks.length).toBe(acksBefore)
    expect(a.isAcked()).toBe(false)
    expect(await storedIds(real, board.id)).not.toContain('shape:unsaved')

    // A client joining now is not served the unstored state: its sync waits, and it is told why.
    const c = watchedClient(server.port, dataDir, board.id)
    await waitFor(() => c.storageErrors.length > 0, 5_000, 'STORAGE_ERROR to the joining client')
    expect(c.provider.synced).toBe(false)
    expect(c.records.has('shape:unsaved')).toBe(false)

    fault.failing = false
    await waitFor(() => b.records.has('shape:unsaved'), 10_000, 'broadcast after recovery')
    await waitFor(() => a.isAcked(), 5_000, 'ack after recovery')
    await waitFor(() => c.provider.synced && c.records.has('shape:unsaved'), 5_000, 'held sync reply after recovery')
    expect(await storedIds(real, board.id)).toContain('shape:unsaved')
  })

  it('stores queued changes together with the next update, in order, without waiting for the retry', async () => {
    const dataDir = makeDataDir()
    const { real, storage, fault } = await openFailingStorage(dataDir)
    const server = await createAppServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }), storage)
    cleanups.push(() => server.close())
    const board = await createBoard(real.catalog, { title: 'Flaky disk' })
    const a = watchedClient(server.port, dataDir, board.id)
    const b = watchedClient(server.port, dataDir, board.id)
    await waitFor(() => a.provider.synced && b.provider.synced)

    fault.failing = true
    a.records.set('shape:first', buildTestNote({ id: 'shape:first', text: 'one', x: 0, y: 0 }))
    await waitFor(() => a.storageErrors.length > 0)
    // A second failure while the retry waits: still nothing out, and the writer is told once per outage.
    a.records.set('shape:second', buildTestNote({ id: 'shape:second', text: 'two', x: 0, y: 0 }))
    await waitFor(() => fault.failures >= 2)
    expect(a.storageErrors).toHaveLength(1)
    fault.failing = false
    b.records.set('shape:third', buildTestNote({ id: 'shape:third', text: 'three', x: 0, y: 0 }))
    await waitFor(() => ['shape:first', 'shape:second'].every((id) => b.records.has(id)) && a.records.has('shape:third'), 5_000, 'all three delivered')
    await waitFor(() => a.isAcked() && b.isAcked())
    expect(await storedIds(real, board.id)).toEqual(expect.arrayContaining(['shape:first', 'shape:second', 'shape:third']))
  })

  it('bounds what a board holds unsaved: past the limit a writer is asked to retry later and loses nothing', async () => {
    const dataDir = makeDataDir()
    const { real, storage, fault } = await openFailingStorage(dataDir)
    const server = await createAppServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MAX_UNSAVED_BYTES: '20000' }), storage)
    cleanups.push(() => server.close())
    const board = await createBoard(real.catalog, { title: 'Long outage' })
    const a = watchedClient(server.port, dataDir, board.id)
    const b = watchedClient(server.port, dataDir, board.id)
    await waitFor(() => a.provider.synced && b.provider.synced)
    const closes: number[] = []
    a.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code))

    fault.failing = true
    const ids: string[] = []
    // About 1 kB per note: the room takes some, then refuses the writer with 1013.
    for (let i = 0; i < 60 && !closes.includes(1013); i++) {
      const id = `shape:outage${i}`
      ids.push(id)
      a.records.set(id, buildTestNote({ id, text: `note ${i} ${'x'.repeat(900)}`, x: i, y: 0 }))
      await new Promise((r) => setTimeout(r, 20))
    }
    await waitFor(() => closes.includes(1013), 5_000, 'writer asked to retry later (1013)')
    expect(ids.length).toBeLessThan(60)
    expect(b.records.has(ids[0])).toBe(false)

    // The client kept every note and sends them again when it reconnects after storage recovers.
    fault.failing = false
    await waitFor(() => ids.every((id) => b.records.has(id)), 30_000, 'every note delivered after recovery')
    await waitFor(async () => { const stored = await storedIds(real, board.id); return ids.every((id) => stored.includes(id)) }, 10_000, 'every note stored')
  })
})
