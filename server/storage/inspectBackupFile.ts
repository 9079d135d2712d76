import Database from 'better-sqlite3'
import fs from 'node:fs'
import { getKyselyMigrations, KNOWN_MIGRATION_NAMES } from './kyselyMigrations'
import { migrateSqlite } from './migrateSqlite'

/** A file offered as a backup is not one this version can restore; the message says why. */
export class BackupFileError extends Error {}

export interface BackupInfo {
  /** The backup's schema: its last Kysely migration, or `user_version N` for a file from before them. */
  schema: string
  boards: number
}

/** What `board backup` reports: the file written and what it holds. */
export interface BackupSummary {
  file: string
  boards: number
  bytes: number
}

/**
 * The tables of a file made by the hand-written migrations of earlier versions, by its
 * PRAGMA user_version (those versions never recorded Kysely migrations).
 */
const LEGACY_TABLES_BY_USER_VERSION: Record<number, string[]> = {
  1: ['boards', 'doc_updates'],
  2: ['boards', 'doc_updates', 'users', 'board_members', 'invites'],
  3: ['boards', 'doc_updates', 'users', 'board_members', 'invites', 'quarantined_updates'],
  4: ['boards', 'doc_updates', 'users', 'board_members', 'invites', 'quarantined_updates', 'board_versions'],
}
const NEWEST_LEGACY_USER_VERSION = 4

/**
 * Checks, read-only, that a file is a Journey Board database this version can restore: a sound
 * SQLite file, a known schema and the tables that schema has. Throws BackupFileError with the reason.
 */
export async function inspectBackupFile(file: string): Promise<BackupInfo> {
  if (!fs.existsSync(file)) throw new BackupFileError(`${file} does not exist`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new BackupFileError(`${file} cannot be opened: ${(err as Error).message}`)
  }
  try {
    let check: unknown
    try {
      check = db.pragma('quick_check', { simple: true })
    } catch (err) {
      throw new BackupFileError(`${file} is not an SQLite database (${(err as Error).message})`)
    }
    if (check !== 'ok') throw new BackupFileError(`${file} is damaged: ${String(check)}`)
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[])
    let schema: string
    let expected: string[]
    if (tables.has('kysely_migration')) {
      const applied = db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]
      const unknown = applied.filter((name) => !KNOWN_MIGRATION_NAMES.includes(name))
      if (unknown.length) {
        throw new BackupFileError(`${file} was made by a newer Journey Board (schema ${unknown.join(', ')}; this version knows up to ${KNOWN_MIGRATION_NAMES.at(-1)})`)
      }
      if (applied.length === 0) throw new BackupFileError(`${file} is not a Journey Board backup (no schema migrations recorded)`)
      schema = applied.at(-1)!
      expected = await getTablesOfMigrations(applied)
    } else {
      const version = db.pragma('user_version', { simple: true }) as number
      if (version < 1) throw new BackupFileError(`${file} is not a Journey Board backup (no schema version)`)
      if (version > NEWEST_LEGACY_USER_VERSION) {
        throw new BackupFileError(`${file} was made by a newer Journey Board (schema version ${version} without Kysely migrations)`)
      }
      schema = `user_version ${version}`
      expected = LEGACY_TABLES_BY_USER_VERSION[version]
    }
    const missing = expected.filter((t) => !tables.has(t))
    if (missing.length) throw new BackupFileError(`${file} is not a Journey Board backup (missing tables: ${missing.join(', ')})`)
    return { schema, boards: db.prepare('SELECT count(*) FROM boards').pluck().get() as number }
  } finally {
    db.close()
  }
}

/** The tables a database has after exactly these migrations: found by running them in memory. */
async function getTablesOfMigrations(names: string[]): Promise<string[]> {
  const all = getKyselyMigrations('sqlite')
  const scratch = new Database(':memory:')
  try {
    await migrateSqlite(scratch, Object.fromEntries(names.map((name) => [name, all[name]])))
    const tables = scratch.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
    return tables.sort()
  } finally {
    scratch.close()
  }
}
