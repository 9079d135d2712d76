/**
 * Load benchmark of the sync server against the stock y-websocket relay, under the same load:
 *   npm run bench          full run: a 30 clients, a100 100, b/b1 300 in one room, c 2,000 connections, d 100,000 edits
 *   npm run bench:smoke    tiny run for `npm test`; exits 1 if a client did not sync, an edit did not
 *                          arrive or a connection dropped
 * Options: --only a,c   --servers ours,stock   --duration-s N (a, b, c)   --crowd-workers N
 *          --full-crowd (every client applies what it receives; by default only observers do)
 *          --no-disk-probe   --no-wait-quiet (by default a full run waits for other processes to calm down)
 *          --quiet-wait-s N (how long that wait may last before the scenario runs anyway; default 300)
 *          --pin / --no-pin (default: pinned on 2+ cores with taskset: both servers on core 1, the
 *          load generator and this process on core 0; see choosePinning)
 *          --ours-dir DIR (measure the server of another checkout, e.g. an old commit's worktree,
 *          under this harness and against the same stock relay)
 * Environment: BENCH_TOKEN (one sync token for every client), BENCH_VERBOSE=1 (phase timings),
 *          BENCH_SERVER_NODE_ARGS (node flags for both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
 *          BENCH_WORKER_NODE_ARGS (node flags for the load-generator processes).
 * Prints markdown tables (first one row per scenario with ours / stock ratios) and writes bench-results/latest.json (smoke: bench-results/smoke.json).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildRatioTable } from './buildRatioTable'
import { buildGoalsTable, buildReportTables, checkGoals } from './buildReport'
import { choosePinning } from './choosePinning'
import { ClientPool } from './ClientPool'
import { runScenario, type ScenarioResult } from './runScenario'
import { getFullScenarios, getSmokeScenarios, type ScenarioSpec } from './scenarios'
import { readAllowedCores, waitForQuietMachine } from './measureProcess'
import { hasTaskset, pinProcess } from './pinProcess'
import { startOurServer, startStockServer, type BenchServer, type ServerKind } from './startServers'

const RESULTS_DIR = path.resolve(__dirname, '..', 'bench-results')
/** The whole run stops itself after this long, whatever happens. */
const FULL_RUN_LIMIT_MS = 90 * 60_000
const SMOKE_RUN_LIMIT_MS = 120_000
/** Before each scenario of a full run, wait (up to --quiet-wait-s) until other processes use less than this share of one core. */
const QUIET_OTHER_PERCENT = 15
const DEFAULT_QUIET_WAIT_S = 300

function readFlag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}

function selectScenarios(argv: string[], smoke: boolean): ScenarioSpec[] {
  let specs = smoke ? getSmokeScenarios() : getFullScenarios()
  const only = readFlag(argv, 'only')
  if (only) specs = specs.filter((s) => only.split(',').includes(s.key))
  const durationS = readFlag(argv, 'duration-s')
  if (durationS) specs = specs.map((s) => (s.maxEditsPerClient ? s : { ...s, durationMs: Number(durationS) * 1000 }))
  if (argv.includes('--no-disk-probe')) specs = specs.map((s) => ({ ...s, diskProbeEveryMs: undefined }))
  return specs
}

/** The checkout whose server runs as "ours", with its commit, for the report. */
function describeOurs(dir: string | undefined): string {
  const root = dir ?? path.resolve(__dirname, '..')
  try {
    const commit = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() ? ', with uncommitted changes' : ''
    return `${dir ? root : 'this checkout'} at ${commit}${dirty}`
  } catch {
    return root
  }
}

function describeMachine() {
  const cpus = os.cpus()
  return { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const smoke = argv.includes('--smoke')
  const specs = selectScenarios(argv, smoke)
  const kinds = (readFlag(argv, 'servers') ?? 'ours,stock').split(',') as ServerKind[]
  const fullCrowd = argv.includes('--full-crowd')
  const waitQuiet = !smoke && !argv.includes('--no-wait-quiet')
  const quietWaitMs = Number(readFlag(argv, 'quiet-wait-s') ?? DEFAULT_QUIET_WAIT_S) * 1000
  const crowdWorkers = Number(readFlag(argv, 'crowd-workers') ?? (smoke ? 1 : 4))
  const oursDir = readFlag(argv, 'ours-dir')
  const { pinning, reason: pinReason } = choosePinning(argv, os.cpus().length, hasTaskset())
  // Pinned before the client workers start, so they inherit the generator's core.
  if (pinning) pinProcess(process.pid, pinning.generatorCore)
  const generatorCores = pinning ? 1 : os.cpus().length
  const started = Date.now()
  const servers = new Map<ServerKind, BenchServer>()
  let pool: ClientPool | undefined

  const watchdog = setTimeout(() => {
    console.error(`bench: stopped after ${(smoke ? SMOKE_RUN_LIMIT_MS : FULL_RUN_LIMIT_MS) / 60_000} min`)
    for (const s of servers.values()) process.kill(s.pid, 'SIGKILL')
    process.exit(2)
  }, smoke ? SMOKE_RUN_LIMIT_MS : FULL_RUN_LIMIT_MS)
  watchdog.unref()

  const results: ScenarioResult[] = []
  try {
    const register = (server: BenchServer) => void servers.set(server.kind, server)
    // Wait for every start, so whatever did start is registered and stopped below.
    const starts = await Promise.allSettled([
      kinds.includes('ours') ? startOurServer({ core: pinning?.serverCore, repoRoot: oursDir && path.resolve(oursDir) }).then(register) : undefined,
      kinds.includes('stock') ? startStockServer({ core: pinning?.serverCore }).then(register) : undefined,
      ClientPool.start(crowdWorkers).then((p) => (pool = p)),
    ])
    for (const s of starts) if (s.status === 'rejected') throw s.reason
    for (const spec of specs) {
      for (const kind of kinds) {
        const server = servers.get(kind)!
        if (spec.oursOnly && kind !== 'ours') continue
        const otherServerPids = [...servers.values()].filter((s) => s !== server).map((s) => s.pid)
        const ownPids = [process.pid, ...pool!.pids, ...[...servers.values()].map((s) => s.pid)]
        const otherCpuBeforePercent = waitQuiet ? await waitForQuietMachine(ownPids, QUIET_OTHER_PERCENT, quietWaitMs) : undefined
        console.error(`bench: (${spec.key}) ${spec.title} — ${kind}${otherCpuBeforePercent === undefined ? '' : ` (other processes: ${Math.round(otherCpuBeforePercent)}% of a core)`}`)
        const result = await runScenario(server, pool!, spec, { fullCrowd, generatorCores, otherServerPids, otherCpuBeforePercent })
        results.push(result)
        console.error(
          `  p50/p99 ${result.latencyMs.p50}/${result.latencyMs.p99} ms, ${result.editsPerS} edits/s, CPU ${result.serverCpuPercent}%, generator ${result.loadGeneratorCpuPercent}%, lost ${result.lost}, sync failures ${result.syncFailures.length}, drops ${result.drops}${result.invalidReasons.length ? `, INVALID: ${result.invalidReasons.join('; ')}` : ''}`,
        )
      }
    }
  } finally {
    pool?.stop()
    await Promise.all([...servers.values()].map((s) => s.stop()))
  }

  const goals = checkGoals(results)
  const tables = buildReportTables(results)
  const machine = describeMachine()
  const command = smoke ? 'npm run bench:smoke' : `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`
  const serverCores = [...new Set(results.map((r) => r.cores.server ?? '?'))].join(', ')
  const cores = {
    pinned: pinning !== undefined,
    why: pinReason,
    servers: serverCores,
    loadGenerator: readAllowedCores(process.pid) ?? '?',
  }
  const ours = describeOurs(oursDir)
  console.log(`${command}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}, ${Math.round((Date.now() - started) / 1000)} s`)
  console.log(`Cores: ${cores.pinned ? 'pinned' : 'not pinned'} (${cores.why}); servers on ${cores.servers}, load generator on ${cores.loadGenerator}. Ours: ${ours}. Stock: @y/websocket-server's server.js.\n`)
  console.log(`${buildRatioTable(results)}\n`)
  console.log(tables)
  if (goals.length) console.log(`${buildGoalsTable(goals)}\n`)
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, smoke ? 'smoke.json' : 'latest.json')
  fs.writeFileSync(file, JSON.stringify({ command, machine, cores, ours, durationS: Math.round((Date.now() - started) / 1000), scenarios: specs, results, goals }, null, 2) + '\n')
  console.log(`Results: ${path.relative(process.cwd(), file)}`)

  const failures = results.filter((r) => r.syncFailures.length > 0 || r.lost > 0 || r.drops > 0)
  for (const r of failures) console.error(`bench: (${r.scenario}) ${r.server}: ${r.syncFailures.length} clients did not sync, ${r.lost} edits lost, ${r.drops} connections dropped`)
  return smoke && failures.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
