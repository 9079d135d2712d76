import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { loadConfig } from '../config'
import { createAppServer, type AppServer } from '../createAppServer'
import { SqliteStorage } from '../storage/SqliteStorage'

const REPO_ROOT = path.resolve(__dirname, '../..')

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jb-test-'))
}

/** Starts the real app server in this process on port 0 (API and sync, no Next.js pages). */
export async function startInProcessServer(dataDir: string, env: Record<string, string> = {}): Promise<AppServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_UNLOAD_DELAY_MS: '200', ...env })
  return createAppServer(config, SqliteStorage.inDataDir(dataDir))
}

export interface ChildServer {
  process: ChildProcess
  port: number
  baseUrl: string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `server/main.ts --no-pages` as a child process, so a test can kill -9 it. */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/main.ts'), '--no-pages'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JB_PRINT_PORT: '1', ROOM_UNLOAD_DELAY_MS: '200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /JB_PORT=(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    process: child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** A stock y-websocket client on a board. */
export function connectClient(port: number, boardId: string, params: Record<string, string> = {}) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  })
  return { doc, provider, destroy: () => (provider.destroy(), doc.destroy()) }
}

/** Polls until the condition holds (never sleeps a fixed time). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now()
  for (;;) {
    if (await condition()) return
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export async function createBoardViaApi(baseUrl: string, title: string, template?: string): Promise<{ id: string; url: string }> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, template }),
  })
  if (res.status !== 201) throw new Error(`create board failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; url: string }
}
