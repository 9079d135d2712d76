import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PRIVATE_FILE_MODE, secureDataDir, securePrivateFile } from '../storage/secureDataDir'

export const DEV_SECRET_FILE = 'nextauth-secret'

/**
 * The secret that signs sessions and sync tokens: NEXTAUTH_SECRET when set; otherwise (development)
 * one generated once and kept in DATA_DIR with mode 0600, so `npm start` works on a fresh machine
 * and sessions survive restarts.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured
  const file = getSecretFile(dataDir)
  secureDataDir(dataDir)
  try {
    const secret = fs.readFileSync(file, 'utf8').trim()
    // A secret file from before, or copied in, that others could read: it is the owner's alone.
    securePrivateFile(file)
    return secret
  } catch {
    const secret = randomBytes(32).toString('base64url')
    try {
      // 'wx': two processes starting at once must not overwrite each other's secret.
      fs.writeFileSync(file, secret + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' })
      return secret
    } catch {
      return fs.readFileSync(file, 'utf8').trim()
    }
  }
}

/** Where DATA_DIR keeps the generated secret. */
export function getSecretFile(dataDir: string): string {
  return path.join(dataDir, DEV_SECRET_FILE)
}

/** Puts a secret (from a backup made with --with-secret) in DATA_DIR, mode 0600, replacing any there. */
export function writeSecretFile(dataDir: string, secret: string): void {
  secureDataDir(dataDir)
  const file = getSecretFile(dataDir)
  const partial = `${file}.partial-${process.pid}`
  fs.writeFileSync(partial, secret + '\n', { mode: PRIVATE_FILE_MODE })
  fs.chmodSync(partial, PRIVATE_FILE_MODE)
  fs.renameSync(partial, file)
}
