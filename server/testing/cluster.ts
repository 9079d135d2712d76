import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { getFreePort } from './getFreePort'

/** The Redis every machine and CI run. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const REDIS_SERVER_BINARY = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

/**
 * A Redis server of the test's own, on a free port and without persistence, so a test can kill it
 * (a real Redis crash) and start it again on the same port without touching the shared one.
 */
export async function startOwnRedis(): Promise<{ url: string; kill(): Promise<void>; restart(): Promise<void> }> {
  const port = await getFreePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(REDIS_SERVER_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    child.once('error', () => undefined)
    for (let i = 0; i < 200; i++) {
      if (await canConnect(port)) return
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }
  const kill = async () => {
    const c = child
    if (!c || c.exitCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill('SIGKILL')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, kill, restart: start }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
