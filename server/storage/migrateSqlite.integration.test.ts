import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyLegacySqliteMigrations } from '../testing/legacySqliteMigrations'
import { makeDataDir } from '../testing/testServer'
import { TEST_DATABASE_URL, testSchemas } from '../testing/testSchemas'
import { KNOWN_MIGRATION_NAMES } from './kyselyMigrations'
import { migrateSqlite } from './migrateSqlite'
import { openPostgresStorage } from './openPostgresStorage'
import { openSqliteStorage } from './openSqliteStorage'

const REPO_ROOT = path.resolve(__dirname, '../..')
const schemas = testSchemas('jb_migrate')
afterAll(() => schemas.dropAll())

/** Table -> its column names, sorted, without Kysely's own bookkeeping tables. */
function sqliteColumns(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name").pluck().all() as string[]
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[]).sort()]))
  } finally {
    db.close()
  }
}

/** Table -> each column's type, not-null, default and key, and the table's foreign keys. */
function sqliteTableShapes(file: string): Record<string, { columns: unknown[]; foreignKeys: unknown[] }> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name").pluck().all() as string[]
    return Object.fromEntries(
      tables.map((t) => [
        t,
        {
          columns: db.prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY name').all(t),
          foreignKeys: db.prepare('SELECT "from", "table", "to", on_update, on_delete, "match" FROM pragma_foreign_key_list(?) ORDER BY "from"').all(t),
        },
      ]),
    )
  } finally {
    db.close()
  }
}

function sqliteIndexes(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
  } finally {
    db.close()
  }
}

function appliedMigrations(file: string): { name: string; timestamp: string }[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all() as { name: string; timestamp: string }[]
  } finally {
    db.close()
  }
}

function docUpdate(key: string): Buffer {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, key)
  return Buffer.from(Y.encodeStateAsUpdate(doc))
}

/** The highest sequence number a legacy test file handed out, for a row since deleted. */
const LEGACY_HIGHEST_SEQ = 500

/** A file as the version with schema `userVersion` left it, with rows in every table it had. */
function makeLegacyFile(userVersion: number): string {
  const file = path.join(makeDataDir(), 'legacy.sqlite')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  applyLegacySqliteMigrations(db, userVersion)
  if (userVersion >= 2) {
    db.prepare("INSERT INTO users (id, kind, email, name, password_hash, created_at) VALUES ('u-old', 'account', 'old@example.com', 'Old Owner', 'hash', 1)").run()
    db.prepare("INSERT INTO boards (id, title, template, created_at, owner_id) VALUES ('board-old', 'Old board', 'buyer-journey', 2, 'u-old')").run()
    db.prepare("INSERT INTO board_members (board_id, user_id, role, joined_at) VALUES ('board-old', 'u-old', 'facilitator', 2)").run()
    db.prepare("INSERT INTO invites (token, board_id, role, created_by, created_at) VALUES ('tok-old', 'board-old', 'participant', 'u-old', 3)").run()
  } else {
    db.prepare("INSERT INTO boards (id, title, template, created_at) VALUES ('board-old', 'Old board', 'buyer-journey', 2)").run()
  }
  db.prepare("INSERT INTO doc_updates (board_id, data) VALUES ('board-old', ?)").run(docUpdate('old'))
  // A compacted-away row: its number stays used (AUTOINCREMENT).
  db.prepare("INSERT INTO doc_updates (seq, board_id, data) VALUES (?, 'board-old', x'00')").run(LEGACY_HIGHEST_SEQ)
  db.prepare('DELETE FROM doc_updates WHERE seq = ?').run(LEGACY_HIGHEST_SEQ)
  if (userVersion >= 3) db.prepare("INSERT INTO quarantined_updates (board_id, seq, data, reason, quarantined_at) VALUES ('board-old', 99, x'ff', 'bad', 4)").run()
  if (userVersion >= 4) db.prepare("INSERT INTO board_versions (id, board_id, label, created_by, created_at, state) VALUES ('v-old', 'board-old', 'Agreed', 'u-old', 5, ?)").run(docUpdate('old'))
  db.close()
  return file
}

/** Opens one SQLite file from a separate process (as the server and the CLI do), resolves on exit. */
function openInChildProcess(file: string): Promise<{ code: number | null; stderr: string }> {
  const script = `require('./server/storage/openSqliteStorage.ts').openSqliteStorage(${JSON.stringify(file)}).then((s) => s.close())`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('SQLite schema by the shared Kysely migrations', () => {
  it('gives a fresh file the tables and columns PostgreSQL gets from the same migrations', async () => {
    const file = path.join(makeDataDir(), 'fresh.sqlite')
    await (await openSqliteStorage(file)).close()
    expect(appliedMigrations(file).map((m) => m.name)).toEqual(KNOWN_MIGRATION_NAMES)

    const schema = schemas.name()
    await (await openPostgresStorage(TEST_DATABASE_URL, schema)).close()
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name NOT LIKE 'kysely_%'",
      [schema],
    )
    const { rows: applied } = await client.query<{ name: string }>(`SELECT name FROM "${schema}".kysely_migration ORDER BY name`)
    await client.end()
    const postgres: Record<string, string[]> = {}
    for (const r of rows) (postgres[r.table_name] ??= []).push(r.column_name)
    for (const columns of Object.values(postgres)) columns.sort()
    expect(sqliteColumns(file)).toEqual(postgres)
    expect(applied.map((r) => r.name)).toEqual(KNOWN_MIGRATION_NAMES)
  })

  it.each([1, 2, 3, 4])('adopts a file made by the hand-written migrations (user_version %i): keeps its rows, completes its schema, records the migrations', async (userVersion) => {
    const file = makeLegacyFile(userVersion)
    const fresh = path.join(makeDataDir(), 'fresh.sqlite')
    await (await openSqliteStorage(fresh)).close()

    const storage = await openSqliteStorage(file)
    const { catalog, documents } = storage
    expect(await catalog.getBoard('board-old')).toMatchObject({ title: 'Old board', ownerId: userVersion >= 2 ? 'u-old' : null, archivedAt: null })
    const doc = new Y.Doc()
    for (const u of (await documents.loadDocument('board-old')).updates) Y.applyUpdate(doc, u)
    expect(doc.getMap('m').toJSON()).toEqual({ old: 'old' })
    if (userVersion >= 2) {
      expect(await catalog.getUserByEmail('OLD@example.com')).toMatchObject({ id: 'u-old', passwordHash: 'hash' })
      expect((await catalog.listBoardsForUser('u-old')).map((b) => [b.id, b.role])).toEqual([['board-old', 'facilitator']])
      expect(await catalog.getInvite('tok-old')).toMatchObject({ role: 'participant', revokedAt: null })
    }
    if (userVersion >= 4) expect((await catalog.listVersions('board-old')).map((v) => v.label)).toEqual(['Agreed'])

    // Everything the current version writes works on the adopted file.
    await catalog.createUser({ id: 'u-new', kind: 'guest', email: null, name: 'New', passwordHash: null, createdAt: 10 })
    await catalog.createBoard({ id: 'board-new', title: 'New', template: 'phases', createdAt: 11, ownerId: 'u-new' }, docUpdate('new'))
    await catalog.setMember('board-old', 'u-new', 'participant', 12)
    await catalog.createInvite({ token: 'tok-new', boardId: 'board-old', role: 'viewer', createdBy: 'u-new', createdAt: 13, expiresAt: null, revokedAt: null })
    await catalog.createVersion({ id: 'v-new', boardId: 'board-old', label: 'Later', createdBy: 'u-new', createdAt: 14 }, docUpdate('v'))
    const bad = await documents.appendUpdate('board-old', new Uint8Array([255, 1]))
    // A sequence number the old file handed out (and compacted away) is never handed out again.
    expect(bad).toBeGreaterThan(LEGACY_HIGHEST_SEQ)
    await documents.quarantineUpdate('board-old', bad, 'corrupt', 15)
    await catalog.setBoardArchived('board-old', 16)
    await storage.close()

    expect(sqliteColumns(file)).toEqual(sqliteColumns(fresh))
    expect(sqliteIndexes(file)).toEqual(sqliteIndexes(fresh))
    // Foreign keys and column types too: the adopted tables are rebuilt as a new file's.
    expect(sqliteTableShapes(file)).toEqual(sqliteTableShapes(fresh))
    expect(Object.values(sqliteTableShapes(fresh)).some((t) => t.foreignKeys.length > 0)).toBe(true)
    const applied = appliedMigrations(file)
    expect(applied.map((m) => m.name)).toEqual(KNOWN_MIGRATION_NAMES)

    // Opening again changes nothing.
    const again = await openSqliteStorage(file)
    expect((await again.catalog.listBoards()).map((b) => b.id).sort()).toEqual(['board-new', 'board-old'])
    expect((await again.catalog.getBoard('board-old'))?.archivedAt).toBe(16)
    await again.close()
    expect(appliedMigrations(file)).toEqual(applied)
  })

  it('applies all or nothing: a migration that fails leaves the file as it was', async () => {
    const file = path.join(makeDataDir(), 'failing.sqlite')
    const db = new Database(file)
    await expect(
      migrateSqlite(db, {
        '001_creates': { up: async (k) => void (await k.schema.createTable('first').addColumn('x', 'integer').execute()) },
        '002_fails': {
          up: async (k) => {
            await k.schema.createTable('second').addColumn('x', 'integer').execute()
            throw new Error('disk trouble half-way')
          },
        },
      }),
    ).rejects.toThrow('disk trouble half-way')
    expect(db.inTransaction).toBe(false)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([])
    db.close()
  })

  it('lets several processes open a new file at once: each migration runs once and every process opens it', async () => {
    const file = path.join(makeDataDir(), 'shared.sqlite')
    const results = await Promise.all([1, 2, 3, 4].map(() => openInChildProcess(file)))
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    expect(appliedMigrations(file).map((m) => m.name)).toEqual(KNOWN_MIGRATION_NAMES)
  })
})
