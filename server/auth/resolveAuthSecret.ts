import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const DEV_SECRET_FILE = 'nextauth-secret'

/**
 * The secret that signs sessions and sync tokens: NEXTAUTH_SECRET when set; otherwise (development)
 * one generated once and kept in DATA_DIR with mode 0600, so `npm start` works on a fresh machine
 * and sessions survive restarts.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured
  const file = path.join(dataDir, DEV_SECRET_FILE)
  fs.mkdirSync(dataDir, { recursive: true })
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    const secret = randomBytes(32).toString('base64url')
    try {
      // 'wx': two processes starting at once must not overwrite each other's secret.
      fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
      return secret
    } catch {
      return fs.readFileSync(file, 'utf8').trim()
    }
  }
}
