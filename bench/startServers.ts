import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { signUpAndSignIn } from '../server/testing/testServer'
import { SERVER_NODE_ARGS, serverProcessEnv } from '../scripts/serverProcess.mjs'
import { withTaskset } from './pinProcess'
import { readNodeArgs } from './readNodeArgs'

const REPO_ROOT = path.resolve(__dirname, '..')
const SERVER_START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000
/** Our server's database file inside DATA_DIR (server/storage/openSqliteStorage.ts). */
const SQLITE_FILE_NAME = 'journey-board.sqlite'

export type ServerKind = 'ours' | 'stock'

export interface BenchRoom {
  boardId: string
  token?: string
}

export interface BenchServer {
  kind: ServerKind
  pid: number
  baseUrl: string
  /** y-websocket `serverUrl`: the provider appends `/<room>`. */
  syncUrl: string
  /** A cheap HTTP endpoint of the server, for response-time pings. */
  pingUrl: string
  /** Whether the server stamps a note's author into it when it is created (ours), which clients must apply before going deaf. */
  stampsAuthors: boolean
  /** Our server's SQLite file (undefined for the stock relay). */
  dbPath?: string
  /** How rooms are created and joined (board API, CLI fallback, tokens), for the report. */
  readonly access: string[]
  createRoom(index: number): Promise<BenchRoom>
  /** The last few KB the server wrote to stdout and stderr. */
  logTail(): string
  /** Our server: the Cookie header of the bench account that created the boards, if one was needed. */
  readonly sessionCookie?: string
  /** Rooms the server holds in memory, when it says (our /api/health). */
  loadedRooms(): Promise<number | undefined>
  stop(): Promise<void>
}

/** BENCH_SERVER_NODE_ARGS: extra node flags for both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
function getDiagnosticNodeArgs(): string[] {
  return readNodeArgs('BENCH_SERVER_NODE_ARGS')
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function getFreePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Keeps the last few KB of a child's output (for error messages) and never lets its pipes fill. */
function keepTail(child: ChildProcess): () => string {
  let tail = ''
  const add = (d: Buffer) => void (tail = (tail + d.toString()).slice(-8000))
  child.stdout?.on('data', add)
  child.stderr?.on('data', add)
  return () => tail
}

function waitForLine(child: ChildProcess, tail: () => string, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${SERVER_START_TIMEOUT_MS} ms:\n${tail()}`)), SERVER_START_TIMEOUT_MS)
    const onData = () => {
      const match = pattern.exec(tail())
      if (match) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve(match)
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited with ${code}:\n${tail()}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function runCli(repoRoot: string, env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'server/cli/board.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    )
  })
}

/** The token in the CLI's output: a JSON object's `token`, or the last non-empty line. */
function readToken(stdout: string): string | undefined {
  const text = stdout.trim()
  try {
    const parsed = JSON.parse(text) as { token?: unknown }
    if (typeof parsed.token === 'string') return parsed.token
  } catch {
    // Not JSON: a bare token.
  }
  return text.split('\n').filter(Boolean).pop()
}

export interface OurServerOptions {
  /** Serve the Next.js pages too (needs a built app); the load bench runs API and sync only. */
  pages?: boolean
  env?: Record<string, string>
  /** Run the server on this core only (`taskset -c`). */
  core?: number
  /**
   * The checkout whose server is measured (default: this one), e.g. an older commit's worktree for
   * a before/after comparison under the same harness. Its `server/main.ts` and `server/cli/board.ts` are run.
   */
  repoRoot?: string
}

/**
 * Starts `server/main.ts` as a child process on a free port with a fresh data directory, with
 * limits raised so one loopback address may open thousands of connections. Boards are created
 * through `POST /api/boards`; if that needs authentication, through the admin CLI. Clients get a
 * token when `BENCH_TOKEN` is set or when the CLI has a `token` command; otherwise none.
 */
export async function startOurServer(options: OurServerOptions = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-'))
  const port = await getFreePort()
  // Started as `npm start` starts it (node flags and malloc settings), plus diagnostics flags.
  const repoRoot = options.repoRoot ?? REPO_ROOT
  const args = [...SERVER_NODE_ARGS, ...getDiagnosticNodeArgs(), '--import', 'tsx', path.join(repoRoot, 'server/main.ts')]
  if (!options.pages) args.push('--no-pages')
  const command = withTaskset(options.core, process.execPath, args)
  // The CLI signs tokens with the same secret as the server.
  const sharedEnv: Record<string, string> = { NODE_ENV: 'production', NEXTAUTH_SECRET: randomBytes(32).toString('hex'), DATA_DIR: dataDir }
  const child = spawn(command.command, command.args, {
    cwd: repoRoot,
    env: serverProcessEnv({
      ...process.env,
      ...sharedEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JB_PRINT_PORT: '1',
      ROOM_UNLOAD_DELAY_MS: '500',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_CONNECTIONS_PER_USER: '100000',
      MAX_PENDING_CONNECTIONS_PER_IP: '100000',
      MAX_CONNECTIONS_PER_BOARD: '100000',
      MAX_MESSAGES_PER_SECOND: '100000',
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logTail = keepTail(child)
  const match = await waitForLine(child, logTail, /JB_PORT=(\d+)/, 'our server')
  const baseUrl = `http://127.0.0.1:${match[1]}`
  const access: string[] = []
  // How boards are created: the open API, the API as a bench account, or the admin CLI.
  let creator: 'api' | 'account' | 'cli' = 'api'
  let sessionCookie: string | undefined
  let tokenMode: 'env' | 'cli' | 'none' | undefined = process.env.BENCH_TOKEN ? 'env' : undefined
  if (tokenMode === 'env') access.push('clients pass BENCH_TOKEN as ?token=')

  const postBoard = (index: number) =>
    fetch(`${baseUrl}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sessionCookie ? { cookie: sessionCookie } : {}) },
      body: JSON.stringify({ title: `bench ${index}` }),
    })

  const createBoard = async (index: number): Promise<string> => {
    if (creator !== 'cli') {
      const res = await postBoard(index)
      if (res.status === 201) return ((await res.json()) as { id: string }).id
      if ((res.status !== 401 && res.status !== 403) || creator !== 'api') throw new Error(`POST /api/boards answered ${res.status}: ${await res.text()}`)
      console.error(`! our server refused POST /api/boards with ${res.status} (authentication required)`)
      try {
        sessionCookie = await signUpAndSignIn(baseUrl, `bench.${Date.now()}@example.com`, 'Bench')
        creator = 'account'
        access.push(`POST /api/boards answered ${res.status} without a session: boards are created by a bench account (sign-up, next-auth credentials sign-in)`)
      } catch (err) {
        creator = 'cli'
        access.push(`POST /api/boards answered ${res.status} and signing in failed (${String(err)}): boards are created with \`board.ts create\``)
      }
      return createBoard(index)
    }
    const out = await runCli(repoRoot, sharedEnv, ['create', '--title', `bench ${index}`])
    if (out.code !== 0) throw new Error(`creating a board failed: the API needs authentication and the CLI exited ${out.code}: ${out.stderr}`)
    return (JSON.parse(out.stdout.trim().split('\n').pop()!) as { id: string }).id
  }

  const getToken = async (boardId: string, index: number): Promise<string | undefined> => {
    if (tokenMode === 'env') return process.env.BENCH_TOKEN
    if (tokenMode === 'none') return undefined
    const out = await runCli(repoRoot, sharedEnv, ['token', boardId, '--role', 'participant', '--name', `bench-${index}`, '--ttl', '1h'])
    if (out.code !== 0) {
      if (tokenMode === 'cli') throw new Error(`token command failed for ${boardId}: ${out.stderr}`)
      tokenMode = 'none'
      access.push(`no client token (\`board.ts token\` exited ${out.code})`)
      return undefined
    }
    if (tokenMode === undefined) access.push('clients pass a participant token from `board.ts token` (one per board)')
    tokenMode = 'cli'
    return readToken(out.stdout)
  }

  return {
    kind: 'ours',
    pid: child.pid!,
    stampsAuthors: true,
    baseUrl,
    syncUrl: `ws://127.0.0.1:${match[1]}/sync`,
    pingUrl: `${baseUrl}/api/health`,
    dbPath: path.join(dataDir, SQLITE_FILE_NAME),
    access,
    logTail,
    get sessionCookie() {
      return sessionCookie
    },
    async createRoom(index) {
      const boardId = await createBoard(index)
      return { boardId, token: await getToken(boardId, index) }
    },
    async loadedRooms() {
      try {
        const res = await fetch(`${baseUrl}/api/health`)
        if (!res.ok) return undefined
        const body = (await res.json()) as { rooms?: unknown }
        return typeof body.rooms === 'number' ? body.rooms : undefined
      } catch {
        return undefined
      }
    },
    async stop() {
      await stopChild(child)
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Starts the stock relay, `@y/websocket-server`'s own `server.js` (no auth, no persistence), on a free port. */
export async function startStockServer(options: { core?: number } = {}): Promise<BenchServer> {
  const port = await getFreePort()
  const packageDir = path.dirname(require.resolve('@y/websocket-server/package.json'))
  const command = withTaskset(options.core, process.execPath, [...getDiagnosticNodeArgs(), path.join(packageDir, 'src/server.js')])
  const child = spawn(command.command, command.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logTail = keepTail(child)
  await waitForLine(child, logTail, /running at/, 'stock y-websocket server')
  // The relay keeps a room's document after its last client leaves: every scenario gets new rooms.
  let rooms = 0
  return {
    kind: 'stock',
    pid: child.pid!,
    stampsAuthors: false,
    baseUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}`,
    pingUrl: `http://127.0.0.1:${port}/`,
    access: ['no authentication, rooms exist on first connection'],
    logTail,
    async createRoom() {
      return { boardId: `bench-${rooms++}` }
    },
    async loadedRooms() {
      return undefined
    },
    stop: () => stopChild(child),
  }
}
