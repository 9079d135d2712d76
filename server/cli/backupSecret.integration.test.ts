import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_SECRET_FILE } from '../auth/resolveAuthSecret'
import { runCli } from '../testing/runCli'
import { createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A data directory with one account, one board and its generated nextauth-secret; the session cookie. */
async function populatedDataDir(): Promise<{ dataDir: string; cookie: string }> {
  const dataDir = makeDataDir()
  const server = await startInProcessServer(dataDir)
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, 'owner@example.com', 'Olga Owner')
  await createBoardViaApi(base, 'Backed up', undefined, cookie)
  await server.close()
  return { dataDir, cookie }
}

async function boardsSeenWith(dataDir: string, cookie: string): Promise<number> {
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  const res = await fetch(`http://127.0.0.1:${server.port}/api/boards`, { headers: { cookie } })
  return res.status === 200 ? ((await res.json()) as { boards: unknown[] }).boards.length : -res.status
}

describe('board backup and nextauth-secret (issue #20 item 16)', () => {
  it('says that a plain backup holds no nextauth-secret; restored, old sessions no longer work', async () => {
    const { dataDir, cookie } = await populatedDataDir()
    const file = path.join(makeDataDir(), 'plain.backup')
    const backup = await runCli({ DATA_DIR: dataDir }, ['backup', file])
    expect(backup.status, backup.stderr).toBe(0)
    expect(JSON.parse(backup.stdout.toString())).toMatchObject({ file, boards: 1 })
    expect(backup.stderr).toMatch(/nextauth-secret is not in the backup.*--with-secret/s)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const restoredDir = makeDataDir()
    const restore = await runCli({ DATA_DIR: restoredDir }, ['restore', file])
    expect(restore.status, restore.stderr).toBe(0)
    expect(restore.stderr).toMatch(/holds no nextauth-secret/)
    expect(fs.existsSync(path.join(restoredDir, DEV_SECRET_FILE))).toBe(false)
    expect(await boardsSeenWith(restoredDir, cookie)).toBe(-401)
  })

  it('backup --with-secret puts the secret in (file 0600) and restore puts it back: sessions survive', async () => {
    const { dataDir, cookie } = await populatedDataDir()
    const file = path.join(makeDataDir(), 'with-secret.backup')
    const backup = await runCli({ DATA_DIR: dataDir }, ['backup', file, '--with-secret'])
    expect(backup.status, backup.stderr).toBe(0)
    expect(JSON.parse(backup.stdout.toString())).toMatchObject({ file, boards: 1 })
    expect(backup.stderr).toMatch(/holds nextauth-secret/)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const restoredDir = makeDataDir()
    const restore = await runCli({ DATA_DIR: restoredDir }, ['restore', file])
    expect(restore.status, restore.stderr).toBe(0)
    const secretFile = path.join(restoredDir, DEV_SECRET_FILE)
    expect(fs.readFileSync(secretFile, 'utf8')).toBe(fs.readFileSync(path.join(dataDir, DEV_SECRET_FILE), 'utf8'))
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600)
    expect(await boardsSeenWith(restoredDir, cookie)).toBe(1)
  })

  it('refuses --with-secret when NEXTAUTH_SECRET is set (the server does not use the file then)', async () => {
    const { dataDir } = await populatedDataDir()
    const file = path.join(makeDataDir(), 'refused.backup')
    const backup = await runCli({ DATA_DIR: dataDir, NEXTAUTH_SECRET: 'x'.repeat(40) }, ['backup', file, '--with-secret'])
    expect(backup.status).toBe(1)
    expect(backup.stderr).toMatch(/NEXTAUTH_SECRET is set/)
    expect(fs.existsSync(file)).toBe(false)
  })
})
