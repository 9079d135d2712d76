import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../../lib/collab/documentLayout'
import { MessageType } from '../../../lib/collab/syncMessages'
import { buildTestNote } from '../../../testing/buildTestNote'
import type { BoardRecord } from '../../../lib/tldraw/records'
import { readBoardRecords } from '../../boards/buildBoardDocument'
import { loadConfig } from '../../config'
import { createAppServer } from '../../createAppServer'
import type { Storage } from '../../storage/Storage'
import { openFailingStorage } from '../../testing/openFailingStorage'
import { connectClient, createBoardViaApi, makeDataDir, makeSyncToken, signUpAndSignIn, waitFor } from '../../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function storedNoteIds(real: Storage, boardId: string): Promise<string[]> {
  const doc = new Y.Doc()
  for (const u of (await real.documents.loadDocument(boardId)).updates) Y.applyUpdate(doc, u)
  return readBoardRecords(doc).map((r) => r.id).filter((id) => id.startsWith('shape:note-')).sort()
}

describe('restoring an agreed version while storage fails', () => {
  it('answers 503 with the reason, keeps the restore queued, and stores and shows it once storage works again', async () => {
    const dataDir = makeDataDir()
    const { real, storage, fault } = await openFailingStorage(dataDir)
    const server = await createAppServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_UNLOAD_DELAY_MS: '200' }), storage)
    cleanups.push(() => server.close())
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signUpAndSignIn(base, 'facilitator@example.com')
    const board = await createBoardViaApi(base, 'Versions', undefined, cookie)

    const c = connectClient(server.port, board.id, { token: makeSyncToken(dataDir, board.id), ack: '1' })
    cleanups.push(c.destroy)
    let ack = new Map<number, number>()
    c.provider.messageHandlers[MessageType.SAVED] = (_e, decoder) => (ack = Y.decodeStateVector(decoding.readVarUint8Array(decoder)))
    c.provider.messageHandlers[MessageType.STORAGE_ERROR] = () => {}
    const isAcked = () => (ack.get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID)
    const records = new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY))
    await waitFor(() => c.provider.synced, 10_000, 'client synced')
    records.set('shape:note-agreed', buildTestNote({ id: 'shape:note-agreed', text: 'agreed', x: 10, y: 10 }))
    await waitFor(isAcked, 10_000, 'first note stored')

    const post = (path: string, body?: unknown) =>
      fetch(`${base}/api/boards/${board.id}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    const created = await post('/versions', { label: 'Agreed' })
    expect(created.status).toBe(201)
    const version = (await created.json()) as { id: string }
    records.set('shape:note-later', buildTestNote({ id: 'shape:note-later', text: 'after the agreement', x: 300, y: 10 }))
    await waitFor(isAcked, 10_000, 'later note stored')

    fault.failing = true
    const during = await post(`/versions/${version.id}/restore`)
    expect(during.status).toBe(503)
    expect(during.headers.get('retry-after')).toBe('10')
    const answer = (await during.json()) as { error: string; reason: string; saved: boolean }
    expect(answer).toMatchObject({ error: 'Storage unavailable', saved: false })
    expect(answer.reason).toMatch(/restore of "Agreed" is not saved yet: the server cannot write to its database/)
    // Not stored, so not shown to anyone yet; the server carries on.
    expect(await storedNoteIds(real, board.id)).toEqual(['shape:note-agreed', 'shape:note-later'])
    expect(records.has('shape:note-later')).toBe(true)
    expect((await fetch(`${base}/api/health`)).status).toBe(200)

    // Storage is back: the room's retry stores the queued restore and everyone gets it.
    fault.failing = false
    await waitFor(async () => (await storedNoteIds(real, board.id)).join() === 'shape:note-agreed', 30_000, 'restore stored')
    await waitFor(() => !records.has('shape:note-later'), 10_000, 'restore delivered')
    expect(records.has('shape:note-agreed')).toBe(true)
    const after = await post(`/versions/${version.id}/restore`)
    expect(after.status).toBe(200)
    expect(await after.json()).toEqual({ restored: version.id, label: 'Agreed' })
  })
})
