import path from 'node:path'
import Database from 'better-sqlite3'
import type { DB } from './DB'
import { KyselyBoardCatalog } from './KyselyBoardCatalog'
import { KyselyDocumentStore } from './KyselyDocumentStore'
import { kyselyOnSqlite } from './kyselyOnSqlite'
import { migrateSqlite } from './migrateSqlite'
import { prepareSqliteFile, secureDataDir } from './secureDataDir'
import type { Storage } from './Storage'
import { writeBackupFile } from './writeBackupFile'

export const SQLITE_FILE_NAME = 'journey-board.sqlite'
/** How long a writer waits for another process (the CLI, a backup) to release the database. */
const BUSY_TIMEOUT_MS = 5_000

/** Pages per backup step: all of them, so the copy is one read transaction (a consistent snapshot). */
export const BACKUP_ALL_PAGES = 0x7fffffff

/**
 * Embedded storage: one SQLite file in WAL mode, opened (created if need be) with its schema
 * brought up to date. Every write is committed before its promise resolves, so an update is on
 * disk before the room broadcasts it; a process crash (kill -9) cannot lose a committed
 * transaction in WAL mode.
 *
 * Its backups use SQLite's online backup API: a consistent copy while this and other processes
 * keep writing, as one self-contained file (rollback journal, not WAL).
 */
export async function openSqliteStorage(file: string): Promise<Storage> {
  if (file !== ':memory:') {
    // Password hashes live here: the folder and the files are the owner's alone.
    secureDataDir(path.dirname(file))
    prepareSqliteFile(file)
  }
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    await migrateSqlite(db)
  } catch (err) {
    db.close()
    throw err
  }
  const kysely = kyselyOnSqlite<DB>(db)
  return {
    documents: new KyselyDocumentStore(kysely),
    catalog: new KyselyBoardCatalog(kysely),
    backupTo: (target, options = {}) =>
      writeBackupFile(
        target,
        async (partial) => {
          await db.backup(partial, { progress: () => BACKUP_ALL_PAGES })
        },
        options,
      ),
    async close() {
      await kysely.destroy()
      if (db.open) db.close()
    },
  }
}

/** Opens the storage file inside a data directory. */
export function openSqliteStorageInDataDir(dataDir: string): Promise<Storage> {
  return openSqliteStorage(path.join(dataDir, SQLITE_FILE_NAME))
}
