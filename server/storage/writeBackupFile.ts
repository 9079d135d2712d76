import Database from 'better-sqlite3'
import fs from 'node:fs'
import { inspectBackupFile, type BackupSummary } from './inspectBackupFile'

/**
 * Writes a backup (one self-contained SQLite file, whichever backend it comes from) under a
 * temporary name and moves it into place only once it is complete and passes the same check a
 * restore makes, so a failed backup never leaves a file that looks whole. Refuses to overwrite.
 */
export async function writeBackupFile(file: string, write: (partialFile: string) => Promise<void>): Promise<BackupSummary> {
  if (fs.existsSync(file)) throw new Error(`${file} already exists: choose a new file name`)
  const partial = `${file}.partial-${process.pid}`
  let boards: number
  try {
    await write(partial)
    // A rollback journal, not WAL: the backup is the one file, with nothing beside it.
    const copy = new Database(partial)
    copy.pragma('journal_mode = DELETE')
    copy.close()
    boards = (await inspectBackupFile(partial)).boards
    fs.renameSync(partial, file)
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) fs.rmSync(leftover, { force: true })
  }
  return { file, boards, bytes: fs.statSync(file).size }
}
