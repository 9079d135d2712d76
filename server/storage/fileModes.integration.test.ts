import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_SECRET_FILE } from '../auth/resolveAuthSecret'
import { createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer } from '../testing/testServer'
import { SQLITE_FILE_NAME } from './openSqliteStorage'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const modeOf = (file: string) => fs.statSync(file).mode & 0o777

/** Runs with the common umask 022, under which files are made 0644 and folders 0755 by default. */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const before = process.umask(mask)
  try {
    return await fn()
  } finally {
    process.umask(before)
  }
}

describe('file modes (issue #20 item 15)', () => {
  it('creates DATA_DIR 0700 and the database, its -wal/-shm and nextauth-secret 0600', async () => {
    const dataDir = path.join(makeDataDir(), 'fresh', 'data')
    const server = await withUmask(0o022, () => startInProcessServer(dataDir))
    cleanups.push(() => server.close())
    const base = `http://127.0.0.1:${server.port}`
    // Writes, so the WAL and its index exist.
    await createBoardViaApi(base, 'Modes', undefined, await signUpAndSignIn(base, 'fay@example.com'))
    expect(modeOf(dataDir)).toBe(0o700)
    const files = [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`, DEV_SECRET_FILE]
    for (const f of files) expect(fs.existsSync(path.join(dataDir, f)), f).toBe(true)
    for (const f of fs.readdirSync(dataDir)) expect(modeOf(path.join(dataDir, f)).toString(8), f).toBe('600')
  })

  it('tightens an existing DATA_DIR and files that others could read', async () => {
    const dataDir = makeDataDir()
    const first = await withUmask(0o022, () => startInProcessServer(dataDir))
    await first.close()
    fs.chmodSync(dataDir, 0o755)
    for (const f of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, f), 0o644)
    const again = await startInProcessServer(dataDir)
    cleanups.push(() => again.close())
    expect(modeOf(dataDir)).toBe(0o700)
    for (const f of fs.readdirSync(dataDir)) expect(modeOf(path.join(dataDir, f)).toString(8), f).toBe('600')
  })
})
