import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { DB } from './DB'
import type { BackupInfo } from './inspectBackupFile'
import { KyselyBoardCatalog } from './KyselyBoardCatalog'
import { KyselyDocumentStore } from './KyselyDocumentStore'
import { getKyselyMigrations } from './kyselyMigrations'
import { backupPostgres, restorePostgres } from './postgresBackup'
import type { Storage } from './Storage'

// bigint columns hold millisecond times and sequence numbers, all far below 2^53: read them as
// numbers, as SQLite gives them (BIGSERIAL keys included).
pg.types.setTypeParser(20, (value) => Number(value))

/** Connects (`max` pooled connections) and brings the schema up to date; Kysely's Migrator locks for concurrent starts. */
async function connectKysely(connectionString: string, schema?: string): Promise<Kysely<DB>> {
  const pool = new pg.Pool({ connectionString, max: 10, options: schema ? `-c search_path=${schema}` : undefined })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
    // The migration tables live in the schema the tables go to (a search_path in DATABASE_URL
    // included): left unnamed, Kysely would take one of the same name in any schema for ours.
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
    const tableSchema = rows[0]?.schema
    if (!tableSchema) throw new Error('DATABASE_URL: the search_path names no existing schema to create the tables in')
    const migrator = new Migrator({ db, provider: { getMigrations: async () => getKyselyMigrations('postgres') }, migrationTableSchema: tableSchema })
    const { error } = await migrator.migrateToLatest()
    if (error) throw error instanceof Error ? error : new Error(String(error))
  } catch (err) {
    await db.destroy()
    throw err
  }
  return db
}

/**
 * PostgreSQL storage for scale-out (`DATABASE_URL=postgres://…`), with the same document store and
 * catalogue as the embedded SQLite file. `schema` (tests) puts the tables in a schema of their own.
 *
 * Its backups are logical: one repeatable-read snapshot, while servers keep writing, written in the
 * backup format (an SQLite file, as the embedded backend's), so either backend restores it.
 */
export async function openPostgresStorage(connectionString: string, schema?: string): Promise<Storage> {
  const db = await connectKysely(connectionString, schema)
  return {
    documents: new KyselyDocumentStore(db),
    catalog: new KyselyBoardCatalog(db),
    backupTo: (file, options = {}) => backupPostgres(db, file, options),
    close: () => db.destroy(),
  }
}

/**
 * Restores a backup file (from either backend) into an empty database, in one transaction; an
 * older backup is migrated to this version's schema first. The backup file is not changed.
 */
export async function restorePostgresBackup(backupFile: string, connectionString: string, schema?: string): Promise<BackupInfo> {
  const db = await connectKysely(connectionString, schema)
  try {
    return await restorePostgres(db, backupFile)
  } finally {
    await db.destroy()
  }
}
