import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import { createBoard } from '../boards/BoardService'
import { connectClient, makeDataDir, makeSyncToken, startChildServer, waitFor, type ChildServer } from '../testing/testServer'
import { openSqliteStorageInDataDir, SQLITE_FILE_NAME } from './openSqliteStorage'

let child: ChildServer | undefined
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
  await child?.stop('SIGKILL')
  child = undefined
})

/** An update that adds one note to a fresh document (a client's typical write). */
function noteUpdate(id: string, text: string): Uint8Array {
  const doc = new Y.Doc()
  new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)).set(id, buildTestNote({ id, text, x: 200, y: 200 }))
  return Y.encodeStateAsUpdate(doc)
}

describe('start-up integrity check', () => {
  it('quarantines a corrupt stored update: the server starts, logs it and serves the board without it', async () => {
    const dataDir = makeDataDir()
    const storage = await openSqliteStorageInDataDir(dataDir)
    const board = await createBoard(storage.catalog, { title: 'Damaged' })
    await storage.documents.appendUpdate(board.id, noteUpdate('shape:before', 'before the damage'))
    await storage.close()
    // The damage is written behind the storage layer, as a failing disk or a bad tool would.
    const garbage = Buffer.from('this is not a Yjs update, just bytes on a bad sector')
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME))
    const badSeq = Number(db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)').run(board.id, garbage).lastInsertRowid)
    db.close()
    const after = await openSqliteStorageInDataDir(dataDir)
    await after.documents.appendUpdate(board.id, noteUpdate('shape:after', 'after the damage'))
    await after.close()

    child = await startChildServer(dataDir)
    expect((await fetch(`${child.baseUrl}/api/health`)).status).toBe(200)
    const logged = child.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(logged).toContainEqual(expect.objectContaining({ message: 'quarantined a corrupt stored update', boardId: board.id, seq: badSeq }))
    expect(logged).toContainEqual(expect.objectContaining({ message: 'stored documents checked', quarantined: 1 }))

    const client = connectClient(child.port, board.id, { token: makeSyncToken(dataDir, board.id) })
    cleanups.push(client.destroy)
    await waitFor(() => client.provider.synced)
    const records = new YKeyValue<BoardRecord>(client.doc.getArray(RECORDS_ARRAY))
    expect(records.has('shape:before')).toBe(true)
    expect(records.has('shape:after')).toBe(true)

    const check = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true })
    cleanups.push(() => check.close())
    expect(check.prepare('SELECT count(*) FROM doc_updates WHERE seq = ?').pluck().get(badSeq)).toBe(0)
    const quarantined = check.prepare('SELECT board_id AS boardId, seq, data, reason FROM quarantined_updates').all() as { boardId: string; seq: number; data: Buffer; reason: string }[]
    expect(quarantined).toHaveLength(1)
    expect(quarantined[0]).toMatchObject({ boardId: board.id, seq: badSeq })
    expect(Buffer.compare(quarantined[0].data, garbage)).toBe(0)
    expect(quarantined[0].reason).toMatch(/Error/)

    // A second start finds nothing more to quarantine.
    await child.stop('SIGTERM')
    child = await startChildServer(dataDir)
    expect(child.stderr).toContain('"quarantined":0')
  })
})
