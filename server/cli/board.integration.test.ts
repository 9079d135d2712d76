import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { AppServer } from '../createAppServer'
import { SQLITE_FILE_NAME } from '../storage/openSqliteStorage'
import { runCli as runCliWithEnv, type CliResult } from '../testing/runCli'
import { connectAckingClient, createBoardViaApi, makeDataDir, makeSyncToken, signIn, signUpAndSignIn, startInProcessServer, waitFor } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** Runs the admin CLI on the SQLite file in `dataDir`. */
function runCli(dataDir: string, args: string[], input?: Uint8Array): Promise<CliResult> {
  return runCliWithEnv({ DATA_DIR: dataDir }, args, input)
}

async function startServer(dataDir: string): Promise<AppServer> {
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  return server
}

function client(server: AppServer, dataDir: string, boardId: string) {
  const c = connectAckingClient(server.port, boardId, makeSyncToken(dataDir, boardId))
  cleanups.push(c.destroy)
  return c
}

function note(id: string, i = 0): BoardRecord {
  return buildTestNote({ id, text: `note ${id} #${i}`, x: 100 + i, y: 200 })
}

function storedRowCount(dataDir: string, boardId: string): number {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM doc_updates WHERE board_id = ?').pluck().get(boardId) as number
  } finally {
    db.close()
  }
}

describe('admin CLI: backup and restore', () => {
  it('backs up while clients edit, restores into an empty directory, and a new server serves the same boards and accounts', async () => {
    const dataDir = makeDataDir()
    const server = await startServer(dataDir)
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signUpAndSignIn(base, 'owner@example.com', 'Olive Owner')
    const board = await createBoardViaApi(base, 'Backed up', undefined, cookie)
    const writer = client(server, dataDir, board.id)
    await waitFor(() => writer.provider.synced)
    for (let i = 0; i < 20; i++) writer.records.set(`shape:before-${i}`, note(`shape:before-${i}`, i))
    await waitFor(() => writer.isAcked(), 10_000, 'edits before the backup acknowledged')

    // Keep editing while the backup runs.
    let edits = 0
    const storm = setInterval(() => writer.records.set(`shape:during-${edits}`, note(`shape:during-${edits}`, edits++)), 5)
    const backupFile = path.join(makeDataDir(), 'journey.backup')
    const backup = await runCli(dataDir, ['backup', backupFile])
    clearInterval(storm)
    expect(backup.status, backup.stderr).toBe(0)
    const summary = JSON.parse(backup.stdout.toString()) as { file: string; boards: number; bytes: number }
    expect(summary).toEqual({ file: backupFile, boards: 1, bytes: fs.statSync(backupFile).size })
    expect(edits).toBeGreaterThan(0)
    await waitFor(() => writer.isAcked())
    const live = new Map([...writer.records.map.entries()].map(([k, v]) => [k, v.val]))

    const restoredDir = makeDataDir()
    const restore = await runCli(restoredDir, ['restore', backupFile])
    expect(restore.status, restore.stderr).toBe(0)
    expect(JSON.parse(restore.stdout.toString())).toMatchObject({ boards: 1, file: path.join(restoredDir, SQLITE_FILE_NAME) })

    const restored = await startServer(restoredDir)
    const reader = client(restored, restoredDir, board.id)
    await waitFor(() => reader.provider.synced)
    const restoredRecords = new Map([...reader.records.map.entries()].map(([k, v]) => [k, v.val]))
    // Everything acknowledged before the backup is there; nothing is there that the live board never had.
    for (let i = 0; i < 20; i++) expect(restoredRecords.get(`shape:before-${i}`)).toEqual(live.get(`shape:before-${i}`))
    for (const [id, record] of restoredRecords) expect(record, id).toEqual(live.get(id))
    // Accounts and memberships came along: the owner signs in on the new server and sees the board.
    const restoredBase = `http://127.0.0.1:${restored.port}`
    const ownerCookie = await signIn(restoredBase, 'owner@example.com', 'correct horse battery')
    const boards = (await (await fetch(`${restoredBase}/api/boards`, { headers: { cookie: ownerCookie } })).json()) as { boards: { id: string; role: string }[] }
    expect(boards.boards).toEqual([expect.objectContaining({ id: board.id, role: 'facilitator' })])
  })

  it('refuses to restore into a directory that has boards, or a file that is not a backup', async () => {
    const dataDir = makeDataDir()
    expect((await runCli(dataDir, ['create', '--title', 'Existing'])).status).toBe(0)
    const backupFile = path.join(makeDataDir(), 'b.sqlite')
    expect((await runCli(dataDir, ['backup', backupFile])).status).toBe(0)
    const again = await runCli(dataDir, ['backup', backupFile])
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('already exists')

    const refused = await runCli(dataDir, ['restore', backupFile])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/Refusing to restore: .* already has a database with 1 board/)

    const notSqlite = path.join(makeDataDir(), 'notes.txt')
    fs.writeFileSync(notSqlite, 'hello, I am not a database'.repeat(100))
    const otherSqlite = path.join(makeDataDir(), 'other.sqlite')
    const other = new Database(otherSqlite)
    other.exec('CREATE TABLE t (x); PRAGMA user_version = 1')
    other.close()
    // A backup from a later version, whose schema has a migration this one does not know.
    const newerFile = path.join(makeDataDir(), 'newer.sqlite')
    fs.copyFileSync(backupFile, newerFile)
    const newer = new Database(newerFile)
    newer.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('999_from_a_later_version', 'x')").run()
    newer.close()
    const legacyNewer = path.join(makeDataDir(), 'legacy-newer.sqlite')
    const legacyDb = new Database(legacyNewer)
    legacyDb.exec('CREATE TABLE boards (id TEXT); PRAGMA user_version = 7')
    legacyDb.close()
    for (const [file, reason] of [
      [notSqlite, /is not an SQLite database/],
      [otherSqlite, /is not a Journey Board backup \(missing tables: boards, doc_updates\)/],
      [newerFile, /was made by a newer Journey Board \(schema 999_from_a_later_version; this version knows up to 004_/],
      [legacyNewer, /was made by a newer Journey Board \(schema version 7/],
      [path.join(dataDir, 'missing.sqlite'), /does not exist/],
    ] as const) {
      const empty = makeDataDir()
      const result = await runCli(empty, ['restore', file])
      expect(result.status, file).toBe(1)
      expect(result.stderr).toMatch(reason)
      expect(fs.existsSync(path.join(empty, SQLITE_FILE_NAME))).toBe(false)
    }
  })
})

describe('admin CLI: export-doc and import-doc', () => {
  it('round-trips a board document into another board, by file and by stdin, and refuses bad input with a reason', async () => {
    const dataDir = makeDataDir()
    const server = await startServer(dataDir)
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signUpAndSignIn(base, 'lead@example.com')
    const source = await createBoardViaApi(base, 'Source', 'phases', cookie)
    const target = await createBoardViaApi(base, 'Target', undefined, cookie)
    const viaStdin = await createBoardViaApi(base, 'Via stdin', undefined, cookie)
    const writer = client(server, dataDir, source.id)
    await waitFor(() => writer.provider.synced)
    writer.records.set('shape:exported', note('shape:exported'))
    // The server stamps the writer as the note's author.
    await waitFor(() => writer.isAcked() && (writer.records.get('shape:exported')?.meta as Record<string, unknown> | undefined)?.authorName !== undefined)
    const exportedNote = writer.records.get('shape:exported')

    const exported = await runCli(dataDir, ['export-doc', source.id])
    expect(exported.status, exported.stderr).toBe(0)
    const sourceDoc = new Y.Doc()
    Y.applyUpdate(sourceDoc, exported.stdout)
    expect(Y.encodeStateVector(sourceDoc)).toEqual(Y.encodeStateVector(writer.doc))
    const file = path.join(makeDataDir(), 'source.ybin')
    fs.writeFileSync(file, exported.stdout)

    const imported = await runCli(dataDir, ['import-doc', target.id, '--file', file])
    expect(imported.status, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout.toString())).toMatchObject({ id: target.id, appended: true })
    const fromStdin = await runCli(dataDir, ['import-doc', viaStdin.id], exported.stdout)
    expect(fromStdin.status, fromStdin.stderr).toBe(0)
    // Importing the same state again adds nothing.
    const twice = await runCli(dataDir, ['import-doc', target.id, '--file', file])
    expect(JSON.parse(twice.stdout.toString())).toMatchObject({ appended: false })

    for (const id of [target.id, viaStdin.id]) {
      const reader = client(server, dataDir, id)
      await waitFor(() => reader.provider.synced)
      expect(reader.records.get('shape:exported')).toEqual(exportedNote)
      // The target now holds the source's whole state.
      for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(sourceDoc))) {
        expect(Y.decodeStateVector(Y.encodeStateVector(reader.doc)).get(clientId)).toBeGreaterThanOrEqual(clock)
      }
    }
    const backAgain = await runCli(dataDir, ['export-doc', target.id])
    const targetDoc = new Y.Doc()
    Y.applyUpdate(targetDoc, backAgain.stdout)
    expect(new YKeyValue<BoardRecord>(targetDoc.getArray(RECORDS_ARRAY)).get('shape:exported')).toEqual(exportedNote)

    // Refusals: nothing is written.
    const notLayout = new Y.Doc()
    notLayout.getMap('other').set('x', 1)
    const wrongKind = new Y.Doc()
    wrongKind.getMap(RECORDS_ARRAY).set('shape:x', note('shape:x'))
    wrongKind.getMap(META_MAP).set(META_SCHEMA_KEY, {})
    const badEntries = new Y.Doc()
    badEntries.getArray(RECORDS_ARRAY).push([{ key: 'shape:a', val: { id: 'shape:b', typeName: 'shape' } }, { nope: true }])
    badEntries.getMap(META_MAP).set(META_SCHEMA_KEY, {})
    const strayRoot = new Y.Doc()
    Y.applyUpdate(strayRoot, exported.stdout)
    strayRoot.getMap('junk').set('x', 1)
    const deltaBase = new Y.Doc()
    Y.applyUpdate(deltaBase, exported.stdout)
    const deltaSv = Y.encodeStateVector(deltaBase)
    new YKeyValue<BoardRecord>(deltaBase.getArray(RECORDS_ARRAY)).set('shape:delta', note('shape:delta'))
    const delta = Y.encodeStateAsUpdate(deltaBase, deltaSv)
    const rowsBefore = storedRowCount(dataDir, target.id)
    for (const [bytes, reason] of [
      [new Uint8Array(0), /the input is empty/],
      [new TextEncoder().encode('{"not": "yjs"}'), /not a Yjs update/],
      [exported.stdout.subarray(0, exported.stdout.length >> 1), /not a Yjs update|cannot be applied|incremental/],
      [Y.encodeStateAsUpdate(notLayout), /does not follow the documented board layout: no "tldraw" array/],
      [Y.encodeStateAsUpdate(wrongKind), /"tldraw" is not an array/],
      [Y.encodeStateAsUpdate(badEntries), /entry 0 \("shape:a"\) is not a record with id "shape:a"; entry 1 is not \{ key, val \}/],
      [Y.encodeStateAsUpdate(strayRoot), /root "junk" is not part of the layout/],
      [delta, /incremental update/],
    ] as const) {
      const result = await runCli(dataDir, ['import-doc', target.id], bytes)
      expect(result.status, result.stderr).toBe(1)
      expect(result.stderr).toMatch(reason)
      expect(result.stderr).toContain('Nothing was written')
    }
    expect(storedRowCount(dataDir, target.id)).toBe(rowsBefore)
  })

  it('keeps an import made while the board is open through later edits and compaction; clients get it', async () => {
    const dataDir = makeDataDir()
    const server = await startServer(dataDir)
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signUpAndSignIn(base, 'facilitator@example.com')
    const source = await createBoardViaApi(base, 'Source', undefined, cookie)
    const open = await createBoardViaApi(base, 'Open', undefined, cookie)
    const sourceWriter = client(server, dataDir, source.id)
    await waitFor(() => sourceWriter.provider.synced)
    sourceWriter.records.set('shape:imported', note('shape:imported'))
    await waitFor(() => sourceWriter.isAcked())
    const exported = await runCli(dataDir, ['export-doc', source.id])

    const a = client(server, dataDir, open.id)
    await waitFor(() => a.provider.synced)
    expect((await runCli(dataDir, ['import-doc', open.id], exported.stdout)).status).toBe(0)
    // An edit after the import: the room's compaction must not drop the imported row it never loaded.
    a.records.set('shape:after-import', note('shape:after-import'))
    await waitFor(() => a.isAcked())
    a.destroy()
    await waitFor(() => server.rooms.peek(open.id) === undefined, 5_000, 'room unloaded (compacted)')
    expect(storedRowCount(dataDir, open.id)).toBe(1)

    const b = client(server, dataDir, open.id)
    await waitFor(() => b.provider.synced)
    expect(b.records.has('shape:imported')).toBe(true)
    expect(b.records.has('shape:after-import')).toBe(true)
  })
})
