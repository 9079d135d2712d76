import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import { readBoardRecords } from '../boards/buildBoardDocument'
import { SCHEMA_TABLES } from '../storage/copyTables'
import { openPostgresStorage } from '../storage/openPostgresStorage'
import { openSqliteStorage, openSqliteStorageInDataDir, SQLITE_FILE_NAME } from '../storage/openSqliteStorage'
import type { Storage } from '../storage/Storage'
import { applyLegacySqliteMigrations } from '../testing/legacySqliteMigrations'
import { runCli } from '../testing/runCli'
import { TEST_DATABASE_URL, testSchemas, withTestDatabase } from '../testing/testSchemas'
import { connectAckingClient, makeDataDir, startChildServer, waitFor } from '../testing/testServer'

const schemas = testSchemas('jb_cli')
const cleanups: (() => unknown)[] = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
afterAll(() => schemas.dropAll())

/** A new, empty schema, and a DATABASE_URL whose connections use it (as an operator could set it). */
async function freshDatabase(): Promise<{ schema: string; url: string }> {
  const { schema, databaseUrl } = await schemas.create()
  return { schema, url: databaseUrl }
}

/** Every row of every table, in key order, with bytes as hex: to compare two databases exactly. */
type Dump = Record<string, Record<string, unknown>[]>
const normalise = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]))

async function dumpPostgres(schema: string): Promise<Dump> {
  // openPostgresStorage's module reads bigint columns as numbers, as SQLite gives them.
  return withTestDatabase(async (c) => {
    const dump: Dump = {}
    for (const t of SCHEMA_TABLES) dump[t.name] = (await c.query(`select * from "${schema}".${t.name} order by ${t.key.join(', ')}`)).rows.map(normalise)
    return dump
  })
}

function dumpSqlite(file: string): Dump {
  const db = new Database(file, { readonly: true })
  try {
    return Object.fromEntries(SCHEMA_TABLES.map((t) => [t.name, (db.prepare(`select * from ${t.name} order by ${t.key.join(', ')}`).all() as Record<string, unknown>[]).map(normalise)]))
  } finally {
    db.close()
  }
}

async function readRecords(storage: Storage, boardId: string): Promise<BoardRecord[]> {
  const doc = new Y.Doc()
  for (const u of (await storage.documents.loadDocument(boardId)).updates) Y.applyUpdate(doc, u)
  return readBoardRecords(doc).sort((a, b) => (a.id < b.id ? -1 : 1))
}

const json = (out: Buffer) => JSON.parse(out.toString()) as Record<string, unknown>
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

/** A stock client with a sync token that reads SAVED acknowledgements. */
function tokenClient(port: number, boardId: string, token: string) {
  const c = connectAckingClient(port, boardId, token)
  cleanups.push(c.destroy)
  return c
}

describe('admin CLI on PostgreSQL (DATABASE_URL)', () => {
  it('runs every command on the database a server uses, backs it up while the server runs, and restores it into PostgreSQL and SQLite', async () => {
    const dataDir = makeDataDir()
    const a = await freshDatabase()
    const env = { DATA_DIR: dataDir, DATABASE_URL: a.url }

    const created = await runCli(env, ['create', '--title', 'On Postgres', '--template', 'phases'])
    expect(created.status, created.stderr).toBe(0)
    const { id } = json(created.stdout) as { id: string }
    // In PostgreSQL, not in an SQLite file.
    expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(false)
    expect((await withTestDatabase((c) => c.query(`select title, template from "${a.schema}".boards`))).rows).toEqual([{ title: 'On Postgres', template: 'phases' }])
    const listed = await runCli(env, ['list'])
    expect(listed.stdout.toString().trim().split('\n').map((l) => JSON.parse(l).id)).toEqual([id])
    const csv = await runCli(env, ['export', id, '--format', 'csv'])
    expect(csv.status, csv.stderr).toBe(0)
    expect(csv.stdout.toString().split('\n')[0]).toMatch(/stage/i)

    // A server on the same database accepts the CLI's token and invite.
    const server = await startChildServer(dataDir, { DATABASE_URL: a.url })
    cleanups.push(() => server.stop('SIGKILL'))
    const token = (await runCli(env, ['token', id, '--role', 'participant', '--name', 'Script'])).stdout.toString().trim()
    const writer = tokenClient(server.port, id, token)
    await waitFor(() => writer.provider.synced, 20_000, 'token client synced')
    writer.records.set('shape:from-pg', buildTestNote({ id: 'shape:from-pg', text: 'written through the server', x: 10, y: 20 }))
    await waitFor(() => writer.isAcked(), 20_000, 'edit stored')
    const invite = await runCli(env, ['invite', id, '--role', 'viewer', '--ttl', '1h'])
    const inviteToken = /\/join\/(\S+)/.exec(invite.stdout.toString())?.[1]
    expect(invite.status, invite.stderr).toBe(0)
    const inviteAnswer = await fetch(`${server.baseUrl}/api/invites/${inviteToken}`)
    expect(await inviteAnswer.json()).toMatchObject({ boardId: id, boardTitle: 'On Postgres', role: 'viewer' })

    // export-doc and import-doc: the note reaches a second board.
    const exported = await runCli(env, ['export-doc', id])
    expect(exported.status, exported.stderr).toBe(0)
    const second = json((await runCli(env, ['create', '--title', 'Copy'])).stdout).id as string
    const imported = await runCli(env, ['import-doc', second], exported.stdout)
    expect(imported.status, imported.stderr).toBe(0)
    expect(json(imported.stdout)).toMatchObject({ id: second, appended: true })
    const reader = tokenClient(server.port, second, (await runCli(env, ['token', second, '--role', 'viewer', '--name', 'Reader'])).stdout.toString().trim())
    await waitFor(() => reader.records.has('shape:from-pg'), 20_000, 'imported note served')

    // Rows in every table: an account and member, a version, a quarantined update.
    const direct = await openPostgresStorage(TEST_DATABASE_URL, a.schema)
    await direct.catalog.createUser({ id: 'u-pg', kind: 'account', email: 'pat@example.com', name: 'Pat', passwordHash: 'h', createdAt: 1 })
    await direct.catalog.setMember(id, 'u-pg', 'lead', 2)
    await direct.catalog.createVersion({ id: 'v-pg', boardId: id, label: 'Agreed', createdBy: 'u-pg', createdAt: 3 }, new Uint8Array([1, 2, 3]))
    await direct.documents.quarantineUpdate(second, await direct.documents.appendUpdate(second, new Uint8Array([255])), 'corrupt', 4)
    await direct.close()

    // Backup while the server runs and a client keeps writing: one consistent snapshot.
    let edits = 0
    const storm = setInterval(() => writer.records.set(`shape:during-${edits}`, buildTestNote({ id: `shape:during-${edits}`, text: `#${edits++}`, x: 0, y: 0 })), 20)
    const backupFile = path.join(makeDataDir(), 'pg.backup')
    const backup = await runCli(env, ['backup', backupFile])
    clearInterval(storm)
    expect(backup.status, backup.stderr).toBe(0)
    expect(edits).toBeGreaterThan(0)
    expect(json(backup.stdout)).toEqual({ file: backupFile, boards: 2, bytes: fs.statSync(backupFile).size })
    const backedUp = dumpSqlite(backupFile)
    for (const t of SCHEMA_TABLES) expect(backedUp[t.name].length, t.name).toBeGreaterThan(0)
    expect(backedUp.boards.map((b) => b.id).sort()).toEqual([id, second].sort())
    const inBackup = await openSqliteStorage(backupFile)
    const backupDoc = new Y.Doc()
    for (const u of (await inBackup.documents.loadDocument(id)).updates) Y.applyUpdate(backupDoc, u)
    await inBackup.close()
    expect(backupDoc.store.pendingStructs).toBeNull()
    expect(new YKeyValue<BoardRecord>(backupDoc.getArray(RECORDS_ARRAY)).has('shape:from-pg')).toBe(true)
    await waitFor(() => writer.isAcked(), 20_000, 'storm stored')
    expect((await runCli(env, ['backup', backupFile])).stderr).toContain('already exists')
    await server.stop('SIGTERM')
    const backupRecords = readBoardRecords(backupDoc).sort((x, y) => (x.id < y.id ? -1 : 1))

    // Into another, empty PostgreSQL database: every row as it was in the backup.
    const b = await freshDatabase()
    const restored = await runCli({ DATA_DIR: makeDataDir(), DATABASE_URL: b.url }, ['restore', backupFile])
    expect(restored.status, restored.stderr).toBe(0)
    expect(json(restored.stdout)).toMatchObject({ from: backupFile, boards: 2, database: expect.stringContaining('127.0.0.1') })
    expect(await dumpPostgres(b.schema)).toEqual(backedUp)
    const onB = await openPostgresStorage(TEST_DATABASE_URL, b.schema)
    expect(await readRecords(onB, id)).toEqual(backupRecords)
    // Sequence numbers go on after the restored ones.
    const maxSeq = Math.max(...backedUp.doc_updates.map((r) => r.seq as number))
    expect(await onB.documents.appendUpdate(id, new Uint8Array([0, 0]))).toBeGreaterThan(maxSeq)
    await onB.close()

    // And into an empty SQLite data directory: the same format serves either backend.
    const sqliteDir = makeDataDir()
    const toSqlite = await runCli({ DATA_DIR: sqliteDir }, ['restore', backupFile])
    expect(toSqlite.status, toSqlite.stderr).toBe(0)
    expect(json(toSqlite.stdout)).toMatchObject({ file: path.join(sqliteDir, SQLITE_FILE_NAME), boards: 2 })
    const onSqlite = await openSqliteStorageInDataDir(sqliteDir)
    expect(await readRecords(onSqlite, id)).toEqual(backupRecords)
    await onSqlite.close()

    // A database that has boards is refused, and nothing is written to it.
    const before = await dumpPostgres(b.schema)
    const again = await runCli({ DATA_DIR: makeDataDir(), DATABASE_URL: b.url }, ['restore', backupFile])
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/Refusing to restore: the PostgreSQL database already has 2 board\(s\)/)
    expect(await dumpPostgres(b.schema)).toEqual(before)
  })

  it('restores a backup from before the Kysely migrations into PostgreSQL (migrated on the way), and refuses a file that is not a backup', async () => {
    const legacyFile = path.join(makeDataDir(), 'old.sqlite')
    const legacy = new Database(legacyFile)
    applyLegacySqliteMigrations(legacy, 3)
    legacy.prepare("INSERT INTO users (id, kind, email, name, password_hash, created_at) VALUES ('u1', 'account', 'ann@example.com', 'Ann', 'h', 1)").run()
    legacy.prepare("INSERT INTO boards (id, title, template, created_at, owner_id) VALUES ('board-legacy1', 'From 2025', 'buyer-journey', 2, 'u1')").run()
    legacy.prepare("INSERT INTO board_members (board_id, user_id, role, joined_at) VALUES ('board-legacy1', 'u1', 'facilitator', 2)").run()
    const doc = new Y.Doc()
    new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)).set('shape:old', buildTestNote({ id: 'shape:old', text: 'kept', x: 0, y: 0 }))
    legacy.prepare("INSERT INTO doc_updates (board_id, data) VALUES ('board-legacy1', ?)").run(Buffer.from(Y.encodeStateAsUpdate(doc)))
    legacy.close()
    const hash = sha(legacyFile)

    const target = await freshDatabase()
    const env = { DATA_DIR: makeDataDir(), DATABASE_URL: target.url }
    const notBackup = path.join(makeDataDir(), 'notes.txt')
    fs.writeFileSync(notBackup, 'not a database '.repeat(200))
    const refused = await runCli(env, ['restore', notBackup])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/is not an SQLite database/)

    const restored = await runCli(env, ['restore', legacyFile])
    expect(restored.status, restored.stderr).toBe(0)
    expect(json(restored.stdout)).toMatchObject({ boards: 1 })
    expect(sha(legacyFile)).toBe(hash)
    const storage = await openPostgresStorage(TEST_DATABASE_URL, target.schema)
    expect(await storage.catalog.getUserByEmail('ann@example.com')).toMatchObject({ id: 'u1', name: 'Ann' })
    expect((await storage.catalog.listBoardsForUser('u1')).map((x) => [x.id, x.role])).toEqual([['board-legacy1', 'facilitator']])
    expect((await readRecords(storage, 'board-legacy1')).map((r) => r.id)).toEqual(['shape:old'])
    await storage.close()
  })
})
