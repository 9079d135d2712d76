import type Database from 'better-sqlite3'
import { Migrator, type Migration } from 'kysely'
import { getKyselyMigrations } from './kyselyMigrations'
import { kyselyOnSqlite } from './kyselyOnSqlite'

/**
 * Brings an SQLite file's schema up to date with the shared Kysely migrations (the same ones
 * PostgreSQL runs), on the caller's connection.
 *
 * All of it runs in one `BEGIN IMMEDIATE` transaction: another process opening the same file (the
 * CLI next to a running server) waits for it, and a crash part-way leaves the file as it was.
 * Kysely's SQLite adapter takes no lock and opens no transaction of its own, so the Migrator's
 * statements run inside this one.
 *
 * A file made by the hand-written migrations of earlier versions (PRAGMA user_version 1–4) is
 * adopted: the migrations create only what is missing, so they run over it and are recorded as
 * applied. A version-1 file first gets the two board columns that version 2 added.
 */
export async function migrateSqlite(db: Database.Database, migrations: Record<string, Migration> = getKyselyMigrations('sqlite')): Promise<void> {
  db.exec('BEGIN IMMEDIATE')
  try {
    addLegacyBoardColumns(db)
    const kysely = kyselyOnSqlite(db)
    const { error } = await new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } }).migrateToLatest()
    await kysely.destroy()
    if (error) throw error instanceof Error ? error : new Error(String(error))
    db.exec('COMMIT')
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}

/** A file from the first version (user_version 1) has a `boards` table without these columns. */
function addLegacyBoardColumns(db: Database.Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('boards')").pluck().all() as string[]
  if (columns.length === 0) return
  if (!columns.includes('owner_id')) db.exec('ALTER TABLE boards ADD COLUMN owner_id TEXT')
  if (!columns.includes('archived_at')) db.exec('ALTER TABLE boards ADD COLUMN archived_at INTEGER')
}
