import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeDataDir, waitFor } from '../server/testing/testServer'

const REPO_ROOT = path.resolve(__dirname, '..')

/** Whether any process of this process group is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw err
  }
}

const started: number[] = []
afterEach(() => {
  // Never leave a server behind, whatever the test saw.
  for (const pgid of started.splice(0)) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL')
})

interface NpmStart {
  npm: ChildProcess
  /** The process group: npm, its shell, scripts/start.mjs and the server. */
  pgid: number
  port: number
  output: () => string
}

/**
 * `npm start -- --no-pages` as an operator runs it (npm, then `sh -c "node scripts/start.mjs"`, then the
 * server process), in a process group of its own, on a free port and an empty data directory.
 */
async function npmStart(): Promise<NpmStart> {
  const npm = spawn('npm', ['start', '--', '--no-pages'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeDataDir(), JB_PRINT_PORT: '1', ROOM_UNLOAD_DELAY_MS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const pgid = npm.pid!
  started.push(pgid)
  let output = ''
  npm.stdout!.on('data', (d) => (output += d))
  npm.stderr!.on('data', (d) => (output += d))
  await waitFor(() => /JB_PORT=\d+/.test(output), 30_000, 'the server to listen')
  const port = Number(/JB_PORT=(\d+)/.exec(output)![1])
  expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200)
  return { npm, pgid, port, output: () => output }
}

/** The process ids of the group (npm, sh, start.mjs, the server). */
function groupMembers(pgid: number): number[] {
  return execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0)
}

async function expectAllStopped(started: NpmStart, what: string): Promise<void> {
  await waitFor(() => !groupAlive(started.pgid), 15_000, `${what}: npm, scripts/start.mjs and the server to exit`).catch((err: Error) => {
    throw new Error(`${err.message}; still running: ${groupMembers(started.pgid).join(', ')}`)
  })
  // The server shut down cleanly (rooms flushed, storage closed), once.
  expect(started.output().match(/"message":"shutting down"/g), started.output()).toHaveLength(1)
  expect(started.output().match(/"message":"stopped"/g), started.output()).toHaveLength(1)
  // And the port is free again.
  await expect(fetch(`http://127.0.0.1:${started.port}/api/health`)).rejects.toThrow()
}

describe('npm start stops on a signal', () => {
  it('SIGTERM to npm stops scripts/start.mjs and the server', async () => {
    const s = await npmStart()
    expect(groupMembers(s.pgid).length).toBeGreaterThanOrEqual(3)
    process.kill(s.npm.pid!, 'SIGTERM')
    await expectAllStopped(s, 'SIGTERM to npm')
  })

  it('SIGINT to the process group (Ctrl-C in a terminal) stops everything', async () => {
    const s = await npmStart()
    process.kill(-s.pgid, 'SIGINT')
    await expectAllStopped(s, 'SIGINT to the group')
  })

  it('SIGTERM to the process group stops everything, the server once and cleanly', async () => {
    const s = await npmStart()
    process.kill(-s.pgid, 'SIGTERM')
    await expectAllStopped(s, 'SIGTERM to the group')
  })

  it('SIGTERM to scripts/start.mjs itself stops the server', async () => {
    const s = await npmStart()
    const launcher = Number(execFileSync('pgrep', ['-g', String(s.pgid), '-f', 'scripts/start.mjs'], { encoding: 'utf8' }).trim().split('\n').pop())
    expect(launcher).toBeGreaterThan(0)
    process.kill(launcher, 'SIGTERM')
    await expectAllStopped(s, 'SIGTERM to start.mjs')
  })
})
