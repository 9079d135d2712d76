import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import pg from 'pg'
import { getFreePort } from './getFreePort'

/** The PostgreSQL every machine and CI run (trust auth, database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** The Redis every machine and CI run. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const REDIS_SERVER_BINARY = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

/**
 * A fresh PostgreSQL schema for one test file, as a DATABASE_URL whose connections use it, so
 * servers started by a test see only their own tables. `drop()` removes it.
 */
export async function createTestSchema(prefix: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  await client.query(`create schema "${schema}"`)
  await client.end()
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop schema if exists "${schema}" cascade`)
      await c.end()
    },
  }
}

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
