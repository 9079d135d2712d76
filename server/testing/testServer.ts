import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as decoding from 'lib0/decoding'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { loadConfig } from '../config'
import { createAppServer, type AppServer } from '../createAppServer'
import { openSqliteStorageInDataDir } from '../storage/openSqliteStorage'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { Role } from '../../lib/collab/roles'
import { MessageType } from '../../lib/collab/syncMessages'
import type { BoardRecord } from '../../lib/tldraw/records'
import { resolveAuthSecret } from '../auth/resolveAuthSecret'
import { createSyncToken } from '../auth/syncToken'

const REPO_ROOT = path.resolve(__dirname, '../..')

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jb-test-'))
}

/** Starts the real app server in this process on port 0 (API and sync, no Next.js pages). */
export async function startInProcessServer(dataDir: string, env: Record<string, string> = {}): Promise<AppServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_UNLOAD_DELAY_MS: '200', ...env })
  return createAppServer(config, await openSqliteStorageInDataDir(dataDir))
}

export interface ChildServer {
  process: ChildProcess
  port: number
  baseUrl: string
  /** Everything the server has written to stderr so far (its structured logs). */
  readonly stderr: string
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
    get stderr() {
      return stderr
    },
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

/**
 * A stock client that asks for SAVED acknowledgements, with the board's records and `isAcked()`:
 * whether the server has acknowledged (stored) everything this client wrote.
 */
export function connectAckingClient(port: number, boardId: string, token: string) {
  const c = connectClient(port, boardId, { token, ack: '1' })
  let ack = new Map<number, number>()
  c.provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
    ack = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
  }
  const records = new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY))
  return { ...c, records, isAcked: () => (ack.get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID) }
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

/** A sync token for a board, signed with the data directory's secret (as the CLI does). */
export function makeSyncToken(dataDir: string, boardId: string, role: Role = 'participant', name = 'Test client', ttlMs = 3_600_000): string {
  return createSyncToken({ boardId, role, name, expiresAt: Date.now() + ttlMs }, resolveAuthSecret(undefined, dataDir))
}

/** Collects Set-Cookie headers into one Cookie header value. */
function mergeCookies(cookie: string, res: Response): string {
  const jar = new Map(cookie.split('; ').filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), c] as const))
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]
    jar.set(pair.slice(0, pair.indexOf('=')), pair)
  }
  return [...jar.values()].join('; ')
}

/**
 * Signs up a local account and signs in through next-auth's real credentials flow (CSRF token,
 * callback), returning the Cookie header of the session.
 */
export async function signUpAndSignIn(baseUrl: string, email: string, name = email.split('@')[0], password = 'correct horse battery'): Promise<string> {
  const signUp = await fetch(`${baseUrl}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name, password }) })
  if (signUp.status !== 201 && signUp.status !== 409) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`)
  return signIn(baseUrl, email, password)
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`)
  let cookie = mergeCookies('', csrf)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, password, csrfToken, json: 'true' }),
    redirect: 'manual',
  })
  cookie = mergeCookies(cookie, res)
  if (!cookie.includes('next-auth.session-token=')) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  return cookie
}

export async function createBoardViaApi(baseUrl: string, title: string, template: string | undefined, cookie: string): Promise<{ id: string; url: string }> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title, template }),
  })
  if (res.status !== 201) throw new Error(`create board failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; url: string }
}
