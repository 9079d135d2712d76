import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { TEST_DATABASE_URL, testSchemas, withTestDatabase } from '../testing/testSchemas'
import type { DB } from './DB'
import { migrateSqlite } from './migrateSqlite'
import { openPostgresStorage } from './openPostgresStorage'

const schemas = testSchemas('jb_db_type')
afterAll(() => schemas.dropAll())

/** Every table of the DB type with every one of its columns: the compiler holds this to DB both ways. */
const DB_COLUMNS = {
  boards: ['id', 'title', 'template', 'created_at', 'owner_id', 'archived_at'],
  doc_updates: ['seq', 'board_id', 'data'],
  quarantined_updates: ['id', 'board_id', 'seq', 'data', 'reason', 'quarantined_at'],
  users: ['id', 'kind', 'email', 'name', 'password_hash', 'created_at'],
  board_members: ['board_id', 'user_id', 'role', 'joined_at'],
  invites: ['token', 'board_id', 'role', 'created_by', 'created_at', 'expires_at', 'revoked_at'],
  board_versions: ['id', 'board_id', 'label', 'created_by', 'created_at', 'state'],
} as const satisfies { [T in keyof DB]: (keyof DB[T])[] }

/** A column of DB missing from DB_COLUMNS makes this type non-empty, and the assignment below fail. */
type Unlisted = { [T in keyof DB]: Exclude<keyof DB[T], (typeof DB_COLUMNS)[T][number]> }[keyof DB]
const noColumnUnlisted: [Unlisted] extends [never] ? true : Unlisted = true

/** Table -> sorted column names, as the DB type says. */
function expectedColumns(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(DB_COLUMNS).map(([table, columns]) => [table, [...columns].sort()]))
}

describe('the DB type mirrors the migrations', () => {
  it('lists every column of every table of DB', () => {
    expect(noColumnUnlisted).toBe(true)
  })

  it('matches a freshly migrated SQLite database, table by table and column by column', async () => {
    const db = new Database(':memory:')
    await migrateSqlite(db)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").pluck().all() as string[]
    const actual = Object.fromEntries(tables.map((t) => [t, (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[]).sort()]))
    db.close()
    expect(actual).toEqual(expectedColumns())
  })

  it('matches a freshly migrated PostgreSQL schema', async () => {
    const schema = schemas.name()
    await (await openPostgresStorage(TEST_DATABASE_URL, schema)).close()
    const { rows } = await withTestDatabase((c) =>
      c.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name NOT LIKE 'kysely_%'",
        [schema],
      ),
    )
    const actual: Record<string, string[]> = {}
    for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name)
    for (const columns of Object.values(actual)) columns.sort()
    expect(actual).toEqual(expectedColumns())
  })
})
