import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { MessageType } from '../../lib/collab/syncMessages'
import { SqliteStorage } from '../storage/SqliteStorage'
import { Room, type Connection } from './Room'

// Counts the room's encodings of whole states (a spy on the module's export, passed through).
vi.mock('yjs', async (importOriginal) => {
  const yjs = await importOriginal<typeof import('yjs')>()
  return { ...yjs, encodeStateAsUpdate: vi.fn(yjs.encodeStateAsUpdate) }
})
/** How often the room encoded from its document (for any client). */
const encodingsOf = (room: Room) => vi.mocked(Y.encodeStateAsUpdate).mock.calls.filter(([doc]) => doc === room.doc).length

const ROOM_OPTIONS = { compactAfterUpdates: 500 }
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function openStorage(): Promise<SqliteStorage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-room-'))
  const storage = await SqliteStorage.inDataDir(dir)
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  cleanups.push(() => storage.close())
  return storage
}

/** A connection whose socket keeps what the room sends it. */
function fakeConnection(): { conn: Connection; sent: Uint8Array[] } {
  const sent: Uint8Array[] = []
  const socket = { OPEN: 1, readyState: 1, send: (message: Uint8Array) => void sent.push(message), close() {}, terminate() {} }
  const conn: Connection = { socket: socket as unknown as WebSocket, canWrite: true, role: 'participant', userId: 'u1', wantsAck: false, awarenessIds: new Set() }
  return { conn, sent }
}

function syncStep1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SYNC)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** The update of the sync step 2 among `sent`. */
function syncStep2Update(sent: Uint8Array[]): Uint8Array {
  for (const message of sent) {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== MessageType.SYNC) continue
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) continue
    return decoding.readVarUint8Array(decoder)
  }
  throw new Error('no sync step 2 was sent')
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

async function replyTo(room: Room, stateVector: Uint8Array): Promise<Uint8Array> {
  const { conn, sent } = fakeConnection()
  room.addConnection(conn)
  room.handleMessage(conn, syncStep1(stateVector))
  await room.whenIdle()
  room.removeConnection(conn)
  return syncStep2Update(sent)
}

const textOf = (update: Uint8Array, base?: Uint8Array) => {
  const doc = new Y.Doc()
  if (base) Y.applyUpdate(doc, base)
  Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

describe('Room: the sync reply to a client that has nothing', () => {
  it('is the stored state itself while the document is unchanged, and the current state after a change', async () => {
    const storage = await openStorage()
    // Written without garbage collection, so the row keeps deleted text that the room's document
    // (gc on) drops: encoding the document again would give other bytes than the row's.
    const writer = new Y.Doc({ gc: false })
    writer.getText('t').insert(0, 'a deleted draft; stored state')
    writer.getText('t').delete(0, 'a deleted draft; '.length)
    const stored = Y.encodeStateAsUpdate(writer)
    storage.createBoard({ id: 'b1', title: 'Board', template: 'blank', createdAt: 0 }, stored)
    const room = await Room.load('b1', storage, ROOM_OPTIONS)
    cleanups.push(() => room.close())

    // The very bytes of the row: nothing was encoded for this reply.
    expect(Buffer.from(await replyTo(room, Y.encodeStateVector(new Y.Doc())))).toEqual(Buffer.from(stored))
    expect(encodingsOf(room)).toBe(0)

    // A client that has part of it is sent only what it lacks, as before.
    const known = Y.encodeStateVector(docWithText('stored state'))
    expect(textOf(await replyTo(room, known), stored)).toBe('stored state')

    // After a change, the reply is the changed document.
    const editor = fakeConnection()
    room.addConnection(editor.conn)
    const edit = new Y.Doc()
    Y.applyUpdate(edit, stored)
    const before = Y.encodeStateVector(edit)
    edit.getText('t').insert(0, 'edited ')
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.SYNC)
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(edit, before))
    room.handleMessage(editor.conn, encoding.toUint8Array(encoder))
    await room.whenIdle()
    const encodedBefore = encodingsOf(room)
    const afterEdit = await replyTo(room, Y.encodeStateVector(new Y.Doc()))
    expect(textOf(afterEdit)).toBe('edited stored state')
    expect(encodingsOf(room)).toBe(encodedBefore + 1)

    // Compaction stores the state it encodes; the next reply is that state again.
    await room.compactNow()
    const compacted = storage.loadDocument('b1')
    expect(compacted.updates).toHaveLength(1)
    expect(Buffer.from(await replyTo(room, Y.encodeStateVector(new Y.Doc())))).toEqual(Buffer.from(compacted.updates[0]))
  })

  it('is not the stored row when reading the records changed the document (a duplicate key dropped)', async () => {
    const storage = await openStorage()
    const writer = new Y.Doc()
    writer.getArray(RECORDS_ARRAY).push([{ key: 'shape:a', val: { v: 1 } }, { key: 'shape:a', val: { v: 2 } }])
    const stored = Y.encodeStateAsUpdate(writer)
    storage.createBoard({ id: 'b3', title: 'Board', template: 'blank', createdAt: 0 }, stored)
    const room = await Room.load('b3', storage, ROOM_OPTIONS)
    cleanups.push(() => room.close())
    const reply = new Y.Doc()
    Y.applyUpdate(reply, await replyTo(room, Y.encodeStateVector(new Y.Doc())))
    expect(reply.getArray(RECORDS_ARRAY).toJSON()).toEqual([{ key: 'shape:a', val: { v: 2 } }])
  })

  it('is encoded from the document when the board is stored in several rows', async () => {
    const storage = await openStorage()
    const doc = docWithText('first')
    storage.createBoard({ id: 'b2', title: 'Board', template: 'blank', createdAt: 0 }, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(doc)
    doc.getText('t').insert(5, ' and second')
    storage.appendUpdate('b2', Y.encodeStateAsUpdate(doc, before))
    const room = await Room.load('b2', storage, ROOM_OPTIONS)
    cleanups.push(() => room.close())
    expect(textOf(await replyTo(room, Y.encodeStateVector(new Y.Doc())))).toBe('first and second')
    expect(encodingsOf(room)).toBe(1)
    // A crowd joining: encoded once for all of them while nothing changes.
    for (let i = 0; i < 3; i++) expect(textOf(await replyTo(room, Y.encodeStateVector(new Y.Doc())))).toBe('first and second')
    expect(encodingsOf(room)).toBe(1)
  })
})
