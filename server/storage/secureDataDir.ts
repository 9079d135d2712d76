import fs from 'node:fs'

/** The data directory: the owner only (it holds password hashes and the session secret). */
export const DATA_DIR_MODE = 0o700
/** The database files and the secret file: the owner may read and write, nobody else anything. */
export const PRIVATE_FILE_MODE = 0o600

function ownedByUs(stat: fs.Stats): boolean {
  return typeof process.getuid !== 'function' || stat.uid === process.getuid()
}

/**
 * Creates a directory 0700, or tightens an existing one we own that others can read or enter.
 * A directory owned by someone else (a mounted volume, a shared parent) is left as it is.
 */
export function secureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE })
  const stat = fs.statSync(dir)
  if (ownedByUs(stat) && (stat.mode & 0o077) !== 0) fs.chmodSync(dir, DATA_DIR_MODE)
}

/** Takes away group and other access from a file we own, if it exists. */
export function securePrivateFile(file: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    return
  }
  if (ownedByUs(stat) && (stat.mode & 0o077) !== 0) fs.chmodSync(file, stat.mode & PRIVATE_FILE_MODE)
}

/**
 * Before SQLite opens `file`: creates it empty with mode 0600 if it does not exist (SQLite gives
 * its -wal and -shm files the main file's mode) and tightens it and its companions if they do.
 */
export function prepareSqliteFile(file: string): void {
  try {
    fs.writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) securePrivateFile(f)
}
