import type { ClientPool } from './ClientPool'
import type { WireCounters } from './countingWebSocket'
import { getInvalidReasons } from './getInvalidReasons'
import { readAllowedCores, readMachineBusyMs, readMemory, RssSampler, startCpuWindow } from './measureProcess'
import { measureStoredDocument, type StoredDocumentSize } from './measureStoredDocument'
import { wallNowMs } from './Participant'
import { sampleHttpPing } from './sampleHttpPing'
import { getScheduledEdits, type ScenarioKey, type ScenarioSpec } from './scenarios'
import type { BenchRoom, BenchServer, ServerKind } from './startServers'
import { summarize, type Summary } from './summarize'
import type { ClientSpec, RunResult } from './workerProtocol'

const SYNC_TIMEOUT_MS = 30_000
const SETTLE_TIMEOUT_MS = 20_000
const UNLOAD_TIMEOUT_MS = 30_000
const MB = 1024 * 1024
const ROOM_CREATION_CONCURRENCY = 4
/** How long deaf clients may wait for our server's author stamps on their seeded notes. */
const STAMP_WAIT_MS = 20_000

export interface ScenarioResult {
  scenario: ScenarioKey
  server: ServerKind
  title: string
  clients: number
  rooms: number
  editsPerSecondPerClient: number
  cursorHz: number
  access: string[]
  /** Whether non-observer clients applied what they received (see ParticipantOptions.deaf). */
  crowd: 'deaf' | 'full'
  syncFailures: string[]
  setupMs: Summary
  runS: number
  /** Edits made while measuring, and what the schedule asked of the synced clients. */
  edits: number
  scheduledEdits: number
  editsPerS: number
  /** How long observers were given to receive every edit after the run. */
  settleTimeoutS: number
  /** Edits observers expected from others (seeding included), what arrived, and the difference. */
  expected: number
  received: number
  lost: number
  /** Share of the expected edits that reached the observers, %. */
  deliveredPercent: number
  /** Edits/s that reached the observers, and remote deliveries (edit x other client in its room) per second. */
  deliveredEditsPerS: number
  deliveriesPerS: number
  latencyMs: Summary
  /** Ours: ms from `set` to the edit's row being visible in the database; -1 entries were not seen in 2 s. */
  diskMs?: Summary & { missing: number; over100Ms: number }
  /** Server and load-generator CPU while clients edit (% of one core). The generator is the client workers and the bench process. */
  serverCpuPercent: number
  loadGeneratorCpuPercent: number
  /** Server CPU from the first measured edit until every edit arrived (or the settle timeout), per 1,000 edits made, and per 1,000 delivered. */
  serverCpuMsPer1kEdits: number
  serverCpuMsPer1kDelivered?: number
  /** The cores each side was allowed to run on (/proc/<pid>/status), and how many the generator had. */
  cores: { server?: string; generator?: string }
  generatorCores: number
  /** Why this run measures the load generator rather than the server (see getInvalidReasons); empty: valid. */
  invalidReasons: string[]
  /** Event-loop delay of the observers' process (p99, max) and the worst crowd process (max), ms. */
  observerLoopDelayMs: { p99: number; max: number }
  crowdLoopDelayMaxMs: number
  /** CPU used by everything else on the machine while measuring (other users' builds and tests), and just before. */
  otherCpuPercent: number
  otherCpuBeforePercent?: number
  /** Round trip of a small HTTP request to the server every 250 ms while measuring (failures: no answer in 10 s). */
  serverPingMs: Summary & { failures: number }
  rssMb: {
    before: number
    peak: number
    /** `memorySettleMs` after the rooms unloaded. */
    after?: number
    peakSinceStart: number
    /** Ours: seconds from the rooms unloading until RSS was back within 20 % of `before` (null: not within the limit). */
    backWithin20PercentS?: number | null
  }
  wire: WireCounters & { docRxPerDelivery: number; docTxPerEdit: number; awarenessRxPerS: number }
  drops: number
  closeCodes: number[]
  /** d: stored rows vs `encodeStateAsUpdate` of an observer's document (undefined when it missed edits: then of the rebuilt document). */
  storage?: StoredDocumentSize & { clientStateBytes?: number; storedToStateRatio: number }
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

function sumCounters(all: WireCounters[]): WireCounters {
  const total: WireCounters = { docRx: 0, awarenessRx: 0, otherRx: 0, docTx: 0, awarenessTx: 0, otherTx: 0 }
  for (const c of all) for (const key of Object.keys(total) as (keyof WireCounters)[]) total[key] += c[key]
  return total
}

function mergeSent(results: RunResult[]): Record<string, number> {
  return Object.assign({}, ...results.map((r) => r.sent)) as Record<string, number>
}

/** Edits per author, grouped by board: what observers must have seen. */
function byBoard(sent: Record<string, number>, boardOf: Map<string, string>): Record<string, Record<string, number>> {
  const expected: Record<string, Record<string, number>> = {}
  for (const [name, count] of Object.entries(sent)) (expected[boardOf.get(name)!] ??= {})[name] = count
  return expected
}

/**
 * Before a memory measurement: one room is opened, edited and unloaded, so the starting RSS already
 * holds the code and caches any first room loads for good (modules, JIT code, database pages), and
 * the comparison is about what rooms keep.
 */
async function warmUp(server: BenchServer, pool: ClientPool, spec: ScenarioSpec): Promise<void> {
  const [room] = await createRooms(server, 1)
  const clients: ClientSpec[] = [0, 1].map((c) => ({ name: `warm-up-${c}`, boardId: room.boardId, token: room.token, observer: false, deaf: false }))
  await pool.call(0, 'open', { serverUrl: server.syncUrl, clients, noteCount: spec.noteCount, rampMs: 0, syncTimeoutMs: SYNC_TIMEOUT_MS, presence: 'cursor' })
  await pool.call(0, 'seed', {})
  await sleep(1_000)
  await pool.call(0, 'close', {})
  await waitForRoomsUnloaded(server)
}

/** Waits (up to UNLOAD_TIMEOUT_MS) until the server has no room loaded. */
async function waitForRoomsUnloaded(server: BenchServer): Promise<void> {
  const deadline = performance.now() + UNLOAD_TIMEOUT_MS
  while (((await server.loadedRooms()) ?? 0) > 0 && performance.now() < deadline) await sleep(100)
}

/** Creates the rooms a few at a time (our server may need a CLI process per board and token). */
async function createRooms(server: BenchServer, count: number): Promise<BenchRoom[]> {
  const rooms: BenchRoom[] = new Array(count)
  // The first one alone: it may find out that the server needs a session, and sign in once.
  if (count > 0) rooms[0] = await server.createRoom(0)
  let next = 1
  const createNext = async (): Promise<void> => {
    for (let r = next++; r < count; r = next++) rooms[r] = await server.createRoom(r)
  }
  await Promise.all(Array.from({ length: Math.min(ROOM_CREATION_CONCURRENCY, count) }, createNext))
  return rooms
}

/** With BENCH_VERBOSE=1, logs how long each phase of a scenario took (stderr). */
function startPhaseLog(label: string): (what: string) => void {
  let last = performance.now()
  return (what) => {
    const now = performance.now()
    if (process.env.BENCH_VERBOSE) console.error(`  ${label}: ${what} (${Math.round(now - last)} ms)`)
    last = now
  }
}

/**
 * Runs one scenario against one server: creates its rooms, connects every client (spread over the
 * ramp), seeds their notes, measures while they edit and move cursors, waits until observers saw
 * every edit, then disconnects everyone and waits for the server to unload the rooms.
 */
export async function runScenario(
  server: BenchServer,
  pool: ClientPool,
  spec: ScenarioSpec,
  options: { fullCrowd: boolean; generatorCores: number; otherServerPids?: number[]; otherCpuBeforePercent?: number },
): Promise<ScenarioResult> {
  const phase = startPhaseLog(`${spec.key}/${server.kind}`)
  const rooms = await createRooms(server, spec.rooms)
  phase('rooms created')

  const perWorker: ClientSpec[][] = Array.from({ length: pool.size }, () => [])
  const boardOf = new Map<string, string>()
  let crowdIndex = 0
  for (let r = 0; r < spec.rooms; r++) {
    for (let c = 0; c < spec.clientsPerRoom; c++) {
      const name = `r${r}c${c}`
      const observer = r < spec.observedRooms && c < spec.observersPerRoom
      const worker = observer || pool.crowdSize === 0 ? 0 : 1 + (crowdIndex++ % pool.crowdSize)
      perWorker[worker].push({ name, boardId: rooms[r].boardId, token: rooms[r].token, observer, deaf: !observer && !options.fullCrowd })
      boardOf.set(name, rooms[r].boardId)
    }
  }

  if (spec.memoryReturnLimitMs !== undefined) {
    await warmUp(server, pool, spec)
    phase('warm-up room used and unloaded')
  }
  const rss = new RssSampler(server.pid)
  const rssBeforeBytes = readMemory(server.pid).rssBytes
  rss.reset()
  const opened = await pool.all('open', (w) => ({ serverUrl: server.syncUrl, clients: perWorker[w], noteCount: spec.noteCount, rampMs: spec.rampMs, syncTimeoutMs: SYNC_TIMEOUT_MS, presence: 'cursor' }))
  const syncFailures = opened.flatMap((o) => o.failed)
  phase('clients synced')

  const seeded = mergeSent(await pool.all('seed', () => ({})))
  await pool.call(0, 'settle', { expected: byBoard(seeded, boardOf), timeoutMs: SETTLE_TIMEOUT_MS })
  const deafened = await pool.all('deafen', () => ({ waitForStampsMs: server.stampsAuthors ? STAMP_WAIT_MS : 0 }))
  const unstamped = deafened.reduce((sum, d) => sum + d.unstamped, 0)
  if (unstamped > 0) console.error(`  ${unstamped} deaf clients did not receive the server's author stamps: their edits will not show`)
  phase('notes seeded, crowd deafened')

  const startAt = wallNowMs() + 300
  const diskProbe = server.dbPath && spec.diskProbeEveryMs ? { dbPath: server.dbPath, everyMs: spec.diskProbeEveryMs } : undefined
  const runs = pool.all('run', (w) => ({
    durationMs: spec.durationMs,
    editsPerSecond: spec.editsPerSecond,
    cursorHz: spec.cursorHz,
    maxEditsPerClient: spec.maxEditsPerClient,
    tickMs: spec.tickMs,
    startAt,
    diskProbe: w === 0 ? diskProbe : undefined,
  }))
  await sleep(startAt - wallNowMs())
  const stopServerCpu = startCpuWindow([server.pid])
  // The bench process belongs to the load generator: it shares its core and pings the server.
  const stopGeneratorCpu = startCpuWindow([...pool.pids, process.pid])
  const stopIdleServerCpu = startCpuWindow(options.otherServerPids ?? [])
  const machineBusyBefore = readMachineBusyMs()
  const stopPing = sampleHttpPing(server.pingUrl)
  const ran = await runs
  const serverCpuRun = stopServerCpu()
  const generatorCpuRun = stopGeneratorCpu()
  phase(`run (edits per worker ${ran.map((r) => r.runEdits).join(', ')}; longest tick gap per worker ${ran.map((r) => Math.round(r.maxTickGapMs)).join(', ')} ms)`)
  const sent = mergeSent(ran)
  const settled = await pool.call(0, 'settle', { expected: byBoard(sent, boardOf), timeoutMs: spec.settleTimeoutMs ?? SETTLE_TIMEOUT_MS })
  const serverCpu = stopServerCpu()
  const generatorCpu = stopGeneratorCpu()
  const otherCpuMs = readMachineBusyMs() - machineBusyBefore - serverCpu.cpuMs - generatorCpu.cpuMs - stopIdleServerCpu().cpuMs
  const pingMs = await stopPing()
  const collected = await pool.all('collect', () => ({}))
  const peakBytes = rss.peakBytes
  phase('settled')

  await pool.all('close', () => ({}))
  let rssAfterBytes: number | undefined
  let backWithin20PercentS: number | null | undefined
  if (spec.memorySettleMs !== undefined || spec.measureStorage) {
    await waitForRoomsUnloaded(server)
    const unloadedAt = performance.now()
    await sleep(spec.memorySettleMs ?? 0)
    rssAfterBytes = readMemory(server.pid).rssBytes
    if (spec.memoryReturnLimitMs !== undefined && server.kind === 'ours') {
      // V8 gives freed heap pages back to the system only after some idle time: wait and watch.
      const limit = unloadedAt + spec.memoryReturnLimitMs
      const isBack = () => readMemory(server.pid).rssBytes <= rssBeforeBytes * 1.2
      while (!isBack() && performance.now() < limit) await sleep(1_000)
      backWithin20PercentS = isBack() ? round((performance.now() - unloadedAt) / 1000) : null
    }
  }
  rss.stop()
  phase('closed and unloaded')

  const runS = Math.max(...ran.map((r) => r.runMs)) / 1000
  const edits = ran.reduce((sum, r) => sum + r.runEdits, 0)
  const expected = settled.observers.reduce((sum, o) => sum + o.expected, 0)
  const received = settled.observers.reduce((sum, o) => sum + Math.min(o.received, o.expected), 0)
  const deliveredFraction = expected > 0 ? received / expected : 0
  const deliveredEdits = edits * deliveredFraction
  const scheduledEdits = getScheduledEdits(spec, spec.rooms * spec.clientsPerRoom - syncFailures.length)
  const loadGeneratorCpuPercent = round((100 * generatorCpuRun.cpuMs) / generatorCpuRun.wallMs)
  const runEditsByName = Object.fromEntries(Object.entries(sent).map(([name, n]) => [name, n - (seeded[name] ?? 0)]))
  const deliveries = Object.entries(runEditsByName).reduce((sum, [, n]) => sum + n * (spec.clientsPerRoom - 1), 0)
  const wire = sumCounters(collected.map((c) => c.counters))
  const diskMs = ran.flatMap((r) => r.diskMs)
  // The client's state is the reference once it has every edit; otherwise the state rebuilt from the rows.
  const observerState = settled.complete ? (settled.observers[0]?.stateBytes ?? 0) : undefined
  const stored = spec.measureStorage && server.dbPath ? measureStoredDocument(server.dbPath, rooms[0].boardId) : undefined

  return {
    scenario: spec.key,
    server: server.kind,
    title: spec.title,
    clients: spec.rooms * spec.clientsPerRoom,
    rooms: spec.rooms,
    editsPerSecondPerClient: spec.editsPerSecond,
    cursorHz: spec.cursorHz,
    access: [...server.access],
    crowd: options.fullCrowd ? 'full' : 'deaf',
    syncFailures,
    setupMs: summarize(opened.flatMap((o) => o.setupMs)),
    runS: round(runS, 2),
    settleTimeoutS: (spec.settleTimeoutMs ?? SETTLE_TIMEOUT_MS) / 1000,
    edits,
    scheduledEdits,
    editsPerS: round(edits / runS),
    expected,
    received,
    lost: expected - received,
    deliveredPercent: round(100 * deliveredFraction, 2),
    deliveredEditsPerS: round((edits * deliveredFraction) / runS),
    deliveriesPerS: round((deliveries * deliveredFraction) / runS),
    latencyMs: summarize(settled.observers.flatMap((o) => o.latenciesMs)),
    diskMs: diskMs.length
      ? { ...summarize(diskMs.filter((ms) => ms >= 0)), missing: diskMs.filter((ms) => ms < 0).length, over100Ms: diskMs.filter((ms) => ms < 0 || ms > 100).length }
      : undefined,
    serverCpuPercent: round((100 * serverCpuRun.cpuMs) / serverCpuRun.wallMs),
    loadGeneratorCpuPercent,
    serverCpuMsPer1kEdits: round((1000 * serverCpu.cpuMs) / Math.max(1, edits)),
    serverCpuMsPer1kDelivered: deliveredEdits > 0 ? round((1000 * serverCpu.cpuMs) / deliveredEdits) : undefined,
    cores: { server: readAllowedCores(server.pid), generator: readAllowedCores(pool.pids[0]) },
    generatorCores: options.generatorCores,
    invalidReasons: getInvalidReasons({ generatorCpuPercent: loadGeneratorCpuPercent, generatorCores: options.generatorCores, edits, scheduledEdits }),
    observerLoopDelayMs: { p99: round(collected[0].loopDelayMs.p99), max: round(collected[0].loopDelayMs.max) },
    crowdLoopDelayMaxMs: round(Math.max(0, ...collected.slice(1).map((c) => c.loopDelayMs.max))),
    otherCpuPercent: round(Math.max(0, (100 * otherCpuMs) / serverCpu.wallMs)),
    otherCpuBeforePercent: options.otherCpuBeforePercent === undefined ? undefined : round(options.otherCpuBeforePercent),
    serverPingMs: { ...summarize(pingMs.times), failures: pingMs.failures },
    rssMb: {
      before: round(rssBeforeBytes / MB),
      peak: round(peakBytes / MB),
      after: rssAfterBytes === undefined ? undefined : round(rssAfterBytes / MB),
      peakSinceStart: round(readMemory(server.pid).peakRssBytes / MB),
      backWithin20PercentS,
    },
    wire: {
      ...wire,
      docRxPerDelivery: round(wire.docRx / Math.max(1, deliveries)),
      docTxPerEdit: round(wire.docTx / Math.max(1, edits)),
      awarenessRxPerS: Math.round(wire.awarenessRx / runS),
    },
    drops: collected.reduce((sum, c) => sum + c.drops, 0),
    closeCodes: collected.flatMap((c) => c.closeCodes),
    storage: stored
      ? { ...stored, clientStateBytes: observerState, storedToStateRatio: round(stored.storedBytes / Math.max(1, observerState ?? stored.stateBytes), 3) }
      : undefined,
  }
}
