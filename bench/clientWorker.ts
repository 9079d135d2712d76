/**
 * A load-generator process: runs many simulated participants (see Participant) and answers the
 * bench's commands over the IPC channel. Started by ClientPool; exits when the channel closes.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { createWireCounters, makeCountingWebSocket } from './countingWebSocket'
import { Participant, wallNowMs } from './Participant'
import type {
  CollectResult,
  DeafenArgs,
  DeafenResult,
  OpenArgs,
  OpenResult,
  RunArgs,
  RunResult,
  SettleArgs,
  SettleResult,
  WorkerCommand,
  WorkerRequest,
  WorkerResponse,
} from './workerProtocol'

/** How long a probe waits for its edit to show up in the database before counting it as missing. */
const DISK_PROBE_TIMEOUT_MS = 2_000
const SEED_SPREAD_MS = 1_000
const SETTLE_POLL_MS = 50

// Every provider registers a process 'exit' listener.
process.setMaxListeners(0)

const counters = createWireCounters()
const WebSocketPolyfill = makeCountingWebSocket(counters)
let participants: Participant[] = []
/** How late this process's event loop ran, from the start of a run until `collect`. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

async function open(args: OpenArgs): Promise<OpenResult> {
  const n = args.clients.length
  for (let i = 0; i < n; i++) {
    const spec = args.clients[i]
    participants.push(
      new Participant({ serverUrl: args.serverUrl, boardId: spec.boardId, name: spec.name, token: spec.token, noteCount: args.noteCount, observer: spec.observer, deaf: spec.deaf, presence: args.presence, WebSocketPolyfill }, i),
    )
    if (i < n - 1) await sleep(args.rampMs / n)
  }
  const deadline = performance.now() + args.syncTimeoutMs
  while (participants.some((p) => !p.isSynced) && performance.now() < deadline) await sleep(20)
  return {
    synced: participants.filter((p) => p.isSynced).length,
    failed: participants.filter((p) => !p.isSynced).map((p) => `${p.name}${p.closeCodes.length ? ` (closed ${p.closeCodes.join(',')})` : ''}`),
    setupMs: participants.flatMap((p) => (p.setupMs === undefined ? [] : [p.setupMs])),
  }
}

function sentByName(): Record<string, number> {
  return Object.fromEntries(participants.map((p) => [p.name, p.sent]))
}

async function seed(): Promise<RunResult> {
  const started = performance.now()
  for (let i = 0; i < participants.length; i++) {
    participants[i].seed()
    if (i % 10 === 9) await sleep((10 * SEED_SPREAD_MS) / participants.length)
  }
  return { sent: sentByName(), runEdits: 0, runMs: performance.now() - started, maxTickGapMs: 0, diskMs: [] }
}

/** Polls the server's database (read-only) for the rows holding sampled edits. */
class DiskProbe {
  private readonly db: Database.Database
  private readonly maxSeq: Database.Statement
  private readonly find: Database.Statement
  private nextAt = 0
  private pending = 0
  readonly resultsMs: number[] = []

  constructor(dbPath: string, private readonly everyMs: number) {
    this.db = new Database(dbPath, { readonly: true, fileMustExist: true })
    this.maxSeq = this.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM doc_updates')
    this.find = this.db.prepare('SELECT 1 FROM doc_updates WHERE seq > ? AND instr(data, ?) > 0 LIMIT 1')
  }

  /** Makes `edit` (which returns the edit's token) and, if a probe is due, times it to disk. */
  maybeProbe(edit: () => string): void {
    const now = wallNowMs()
    if (now < this.nextAt) {
      edit()
      return
    }
    this.nextAt = now + this.everyMs
    const after = (this.maxSeq.get() as { seq: number }).seq
    const started = wallNowMs()
    const token = Buffer.from(edit())
    this.pending++
    const poll = () => {
      const elapsed = wallNowMs() - started
      if (this.find.get(after, token)) this.done(elapsed)
      else if (elapsed > DISK_PROBE_TIMEOUT_MS) this.done(-1)
      else setTimeout(poll, 1)
    }
    setImmediate(poll)
  }

  private done(ms: number): void {
    this.resultsMs.push(ms)
    this.pending--
  }

  async close(): Promise<void> {
    for (let i = 0; i < DISK_PROBE_TIMEOUT_MS / 10 && this.pending > 0; i++) await sleep(10)
    this.db.close()
  }
}

async function run(args: RunArgs): Promise<RunResult> {
  Object.assign(counters, createWireCounters())
  loopDelay.reset()
  loopDelay.enable()
  const n = participants.length
  if (n === 0) return { sent: {}, runEdits: 0, runMs: 0, maxTickGapMs: 0, diskMs: [] }
  const editPhase = participants.map(() => Math.random())
  const cursorPhase = participants.map(() => Math.random())
  const edits = new Array<number>(n).fill(0)
  const cursors = new Array<number>(n).fill(0)
  const quota = args.maxEditsPerClient ?? Infinity
  // Never more than this many edits of one client per tick, so one client's edits to the same note
  // cannot be merged into one server broadcast (observers count every edit).
  const burstCap = Math.max(1, Math.floor((participants[0]?.options.noteCount ?? 1) / 2))
  const prober = args.diskProbe ? participants.find((p) => p.isSynced) : undefined
  const probe = prober && args.diskProbe ? new DiskProbe(args.diskProbe.dbPath, args.diskProbe.everyMs) : undefined

  await sleep(args.startAt - wallNowMs())
  const started = performance.now()
  let lastTick = started
  let maxTickGapMs = 0
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      maxTickGapMs = Math.max(maxTickGapMs, now - lastTick)
      lastTick = now
      const elapsedS = (now - started) / 1000
      let busy = false
      for (let i = 0; i < n; i++) {
        const p = participants[i]
        if (!p.isSynced) continue
        const due = Math.min(quota, Math.floor(args.editsPerSecond * elapsedS + editPhase[i]))
        const k = Math.min(due - edits[i], burstCap)
        for (let e = 0; e < k; e++) {
          if (p === prober && probe) probe.maybeProbe(() => p.edit(true))
          else p.edit(true)
          edits[i]++
        }
        if (edits[i] < quota) busy = true
        const dueCursors = Math.floor(args.cursorHz * elapsedS + cursorPhase[i])
        if (dueCursors > cursors[i]) {
          p.moveCursor()
          cursors[i] = dueCursors
        }
      }
      if (elapsedS * 1000 >= args.durationMs || !busy) {
        clearInterval(timer)
        resolve()
      }
    }
    const timer = setInterval(tick, args.tickMs)
  })
  const runMs = performance.now() - started
  await probe?.close()
  return { sent: sentByName(), runEdits: edits.reduce((a, b) => a + b, 0), runMs, maxTickGapMs, diskMs: probe?.resultsMs ?? [] }
}

function expectedFor(p: Participant, expected: SettleArgs['expected']): number {
  let total = 0
  for (const [author, count] of Object.entries(expected[p.boardId] ?? {})) if (author !== p.name) total += count
  return total
}

async function settle(args: SettleArgs): Promise<SettleResult> {
  const observers = participants.filter((p) => p.options.observer)
  const deadline = performance.now() + args.timeoutMs
  const incomplete = () => observers.some((p) => p.countSeen() < expectedFor(p, args.expected))
  while (incomplete() && performance.now() < deadline) await sleep(SETTLE_POLL_MS)
  return {
    complete: !incomplete(),
    observers: observers.map((p) => ({
      name: p.name,
      boardId: p.boardId,
      expected: expectedFor(p, args.expected),
      received: p.countSeen(),
      latenciesMs: p.latenciesMs.map((ms) => Math.round(ms * 100) / 100),
      stateBytes: Y.encodeStateAsUpdate(p.doc).byteLength,
    })),
  }
}

/** After seeding: once every deaf client holds the server's stamps on its notes, they all go deaf. */
async function deafen(args: DeafenArgs): Promise<DeafenResult> {
  const deaf = participants.filter((p) => p.options.deaf)
  const deadline = performance.now() + args.waitForStampsMs
  const unstamped = () => (args.waitForStampsMs > 0 ? deaf.filter((p) => !p.hasStampedNotes).length : 0)
  while (unstamped() > 0 && performance.now() < deadline) await sleep(SETTLE_POLL_MS)
  const result = { unstamped: unstamped() }
  for (const p of deaf) p.deafen()
  return result
}

function collect(): CollectResult {
  loopDelay.disable()
  return {
    loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    counters: { ...counters },
    drops: participants.reduce((sum, p) => sum + p.drops, 0),
    closeCodes: participants.flatMap((p) => p.closeCodes),
    notSynced: participants.filter((p) => !p.isSynced).length,
  }
}

function close(): Record<string, never> {
  for (const p of participants) p.destroy()
  participants = []
  return {}
}

const handlers: { [C in WorkerCommand]: (args: never) => unknown } = { open, seed, run, settle, deafen, collect, close }

process.on('message', (message: WorkerRequest) => {
  const reply = (response: WorkerResponse) => process.send?.(response)
  Promise.resolve()
    .then(() => (handlers[message.command] as (args: unknown) => unknown)(message.args))
    .then(
      (result) => reply({ id: message.id, result }),
      (err: unknown) => reply({ id: message.id, error: String((err as Error)?.stack ?? err) }),
    )
})
process.on('disconnect', () => process.exit(0))
