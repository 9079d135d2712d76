import Database from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { copyTables } from './copyTables'
import { inspectBackupFile, type BackupInfo, type BackupSummary } from './inspectBackupFile'
import { kyselyOnSqlite } from './kyselyOnSqlite'
import { migrateSqlite } from './migrateSqlite'
import { writeBackupFile, type BackupOptions } from './writeBackupFile'

/* eslint-disable @typescript-eslint/no-explicit-any -- schema-wide copies */

/** Tables whose key is a sequence: after rows come in with their own numbers, it continues past them. */
const SEQUENCES = [
  { table: 'doc_updates', column: 'seq' },
  { table: 'quarantined_updates', column: 'id' },
]

/**
 * A logical backup of a PostgreSQL database into the backup format (an SQLite file with the same
 * schema, made by the same migrations): every table read in one repeatable-read, read-only
 * snapshot, so it is consistent while servers keep writing, and written in one transaction.
 */
export function backupPostgres(db: Kysely<any>, file: string, options: BackupOptions = {}): Promise<BackupSummary> {
  return writeBackupFile(file, async (partial) => {
    const target = new Database(partial)
    try {
      target.pragma('foreign_keys = ON')
      await migrateSqlite(target)
      target.exec('BEGIN')
      await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((snapshot) => copyTables(snapshot, kyselyOnSqlite(target)))
      target.exec('COMMIT')
    } finally {
      if (target.inTransaction) target.exec('ROLLBACK')
      target.close()
    }
  }, options)
}

/**
 * Restores a backup file (made by either backend) into an empty PostgreSQL database, all in one
 * transaction: a refusal or a failure part-way writes nothing. The file is read through a migrated
 * copy, so an older backup arrives in this version's schema and the backup itself is not changed.
 */
export async function restorePostgres(db: Kysely<any>, backupFile: string): Promise<BackupInfo> {
  const info = await inspectBackupFile(backupFile)
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-restore-'))
  try {
    const copyFile = path.join(workDir, 'backup.sqlite')
    const original = new Database(backupFile, { readonly: true, fileMustExist: true })
    try {
      await original.backup(copyFile)
    } finally {
      original.close()
    }
    const source = new Database(copyFile)
    try {
      await migrateSqlite(source)
      const copied = await db.transaction().execute(async (trx) => {
        // Nobody writes between the emptiness check and the copy.
        await sql`lock table boards, users in exclusive mode`.execute(trx)
        const count = async (table: string) => Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
        const [boards, users] = [await count('boards'), await count('users')]
        if (boards > 0 || users > 0) {
          throw new Error(`Refusing to restore: the PostgreSQL database already has ${boards} board(s) and ${users} user(s). Restore into an empty database.`)
        }
        const rows = await copyTables(kyselyOnSqlite(source), trx)
        for (const { table, column } of SEQUENCES) {
          await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx)
        }
        return rows
      })
      return { ...info, boards: copied.boards }
    } finally {
      source.close()
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}
