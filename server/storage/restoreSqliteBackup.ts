import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { inspectBackupFile, type BackupInfo } from './inspectBackupFile'
import { BACKUP_ALL_PAGES, openSqliteStorage, SQLITE_FILE_NAME } from './openSqliteStorage'
import { prepareSqliteFile, secureDataDir } from './secureDataDir'
import { BACKUP_SECRET_TABLE } from './writeBackupFile'

/**
 * Restores a backup into a data directory that holds no boards, checking the backup first; an
 * older backup is migrated to this version's schema. Run it with the server stopped. The data
 * directory's `nextauth-secret` is not part of a backup: without it sessions and sync tokens
 * signed before are no longer valid (people sign in again).
 */
export async function restoreSqliteBackup(backupFile: string, dataDir: string): Promise<BackupInfo & { file: string }> {
  const info = await inspectBackupFile(backupFile)
  const target = path.join(dataDir, SQLITE_FILE_NAME)
  if (fs.existsSync(target)) refuseIfHoldsBoards(target, dataDir)
  secureDataDir(dataDir)
  prepareSqliteFile(target)
  const source = new Database(backupFile, { readonly: true, fileMustExist: true })
  try {
    await source.backup(target, { progress: () => BACKUP_ALL_PAGES })
  } finally {
    source.close()
  }
  // A backup made with --with-secret carries the secret; the CLI puts it back in its own file.
  const copy = new Database(target)
  try {
    copy.exec(`DROP TABLE IF EXISTS ${BACKUP_SECRET_TABLE}`)
  } finally {
    copy.close()
  }
  // Opening migrates an older backup and switches the file back to WAL.
  const restored = await openSqliteStorage(target)
  try {
    return { ...info, boards: (await restored.catalog.listBoards()).length, file: target }
  } finally {
    await restored.close()
  }
}

function refuseIfHoldsBoards(target: string, dataDir: string): void {
  const existing = new Database(target, { readonly: true, fileMustExist: true })
  try {
    const hasBoards = existing.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'boards'").get()
    const boards = hasBoards ? (existing.prepare('SELECT count(*) FROM boards').pluck().get() as number) : 0
    if (boards > 0) {
      throw new Error(`Refusing to restore: ${dataDir} already has a database with ${boards} board(s). Restore into an empty data directory, or move ${target} away first.`)
    }
  } finally {
    existing.close()
  }
}
