import Database from 'better-sqlite3'
import fs from 'node:fs'
import { inspectBackupFile, type BackupSummary } from './inspectBackupFile'
import { PRIVATE_FILE_MODE } from './secureDataDir'

/** Holds the session secret in a backup made with `board backup --with-secret`. */
export const BACKUP_SECRET_TABLE = 'backup_nextauth_secret'

export interface BackupOptions {
  /** Put this session secret (DATA_DIR's nextauth-secret) in the backup too. */
  secret?: string
}

/** The session secret a backup carries, if it was made with --with-secret. */
export function readBackupSecret(file: string): string | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(BACKUP_SECRET_TABLE)
    return exists ? ((db.prepare(`SELECT secret FROM ${BACKUP_SECRET_TABLE}`).pluck().get() as string | undefined) ?? undefined) : undefined
  } finally {
    db.close()
  }
}

/**
 * Writes a backup (one self-contained SQLite file, whichever backend it comes from) under a
 * temporary name and moves it into place only once it is complete and passes the same check a
 * restore makes, so a failed backup never leaves a file that looks whole. Refuses to overwrite.
 */
export async function writeBackupFile(file: string, write: (partialFile: string) => Promise<void>, options: BackupOptions = {}): Promise<BackupSummary> {
  if (fs.existsSync(file)) throw new Error(`${file} already exists: choose a new file name`)
  const partial = `${file}.partial-${process.pid}`
  let boards: number
  try {
    // The owner's alone from the start: it holds password hashes (and, with --with-secret, the secret).
    fs.writeFileSync(partial, '', { mode: PRIVATE_FILE_MODE })
    await write(partial)
    fs.chmodSync(partial, PRIVATE_FILE_MODE)
    // A rollback journal, not WAL: the backup is the one file, with nothing beside it.
    const copy = new Database(partial)
    copy.pragma('journal_mode = DELETE')
    if (options.secret !== undefined) {
      copy.exec(`CREATE TABLE ${BACKUP_SECRET_TABLE} (secret TEXT NOT NULL)`)
      copy.prepare(`INSERT INTO ${BACKUP_SECRET_TABLE} (secret) VALUES (?)`).run(options.secret)
    }
    copy.close()
    boards = (await inspectBackupFile(partial)).boards
    fs.renameSync(partial, file)
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) fs.rmSync(leftover, { force: true })
  }
  return { file, boards, bytes: fs.statSync(file).size }
}
