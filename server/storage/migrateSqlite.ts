import Database from 'better-sqlite3'
import { Migrator, type Migration } from 'kysely'
import { getKyselyMigrations } from './kyselyMigrations'
import { kyselyOnSqlite } from './kyselyOnSqlite'
import { rebuildToCanonicalSchema } from './rebuildToCanonicalSchema'

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
}

/**
 * Brings an SQLite file's schema up to date with the shared Kysely migrations (the same ones
 * PostgreSQL runs), on the caller's connection.
 *
 * All of it runs in one `BEGIN IMMEDIATE` transaction: another process opening the same file (the
 * CLI next to a running server) waits for it, and a crash part-way leaves the file as it was.
 * Kysely's SQLite adapter takes no lock and opens no transaction of its own, so the Migrator's
 * statements run inside this one.
 *
 * A file made by the hand-written migrations of earlier versions (PRAGMA user_version 1–4, no
 * kysely_migration table) is adopted: the migrations create only what is missing, so they run over
 * it and are recorded as applied (a version-1 file first gets the two board columns that version 2
 * added); then every table that differs from a fresh file's is rebuilt to match it, foreign keys
 * included (see rebuildToCanonicalSchema), in the same transaction.
 */
export async function migrateSqlite(db: Database.Database, migrations: Record<string, Migration> = getKyselyMigrations('sqlite')): Promise<void> {
  // Rebuilding a table needs foreign keys off, which SQLite only lets us change outside a transaction.
  const mayAdopt = !hasTable(db, 'kysely_migration') && hasTable(db, 'boards')
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1
  if (mayAdopt && foreignKeys) db.pragma('foreign_keys = OFF')
  try {
    db.exec('BEGIN IMMEDIATE')
    try {
      // Checked again under the lock: another process may have adopted the file meanwhile.
      const adopting = mayAdopt && !hasTable(db, 'kysely_migration')
      addLegacyBoardColumns(db)
      await runMigrations(db, migrations)
      if (adopting) await matchFreshSchema(db, migrations)
      db.exec('COMMIT')
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw err
    }
  } finally {
    if (mayAdopt && foreignKeys) db.pragma('foreign_keys = ON')
  }
}

async function runMigrations(db: Database.Database, migrations: Record<string, Migration>): Promise<void> {
  const kysely = kyselyOnSqlite(db)
  const { error } = await new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } }).migrateToLatest()
  await kysely.destroy()
  if (error) throw error instanceof Error ? error : new Error(String(error))
}

/** Rebuilds the tables that differ from those the same migrations make in a new, empty database. */
async function matchFreshSchema(db: Database.Database, migrations: Record<string, Migration>): Promise<void> {
  const reference = new Database(':memory:')
  try {
    await runMigrations(reference, migrations)
    rebuildToCanonicalSchema(db, reference)
  } finally {
    reference.close()
  }
}

/** A file from the first version (user_version 1) has a `boards` table without these columns. */
function addLegacyBoardColumns(db: Database.Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('boards')").pluck().all() as string[]
  if (columns.length === 0) return
  if (!columns.includes('owner_id')) db.exec('ALTER TABLE boards ADD COLUMN owner_id TEXT')
  if (!columns.includes('archived_at')) db.exec('ALTER TABLE boards ADD COLUMN archived_at INTEGER')
}
