import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordFigures } from './recordFigures'
import { PEERS, runConvergenceBatch, STEPS_PER_RUN, type ConvergenceBatch, type ConvergenceResult, type RunStats, type Topology } from './runConvergenceScenario'

/**
 * Randomised convergence in the manner of Yjs's own `applyRandomTests` (the scenario is in
 * runConvergenceScenario.ts): 1,000 seeded runs per topology, each of which must converge.
 *
 * - `star`, as deployed: doc 0 is the server and relays. Every run must converge, records included.
 * - `mesh`: every doc talks to every other. Every run must converge, records included.
 *
 * The runs are pure computation and each depends on its seed alone, so they are spread over one
 * process per core: the same runs and checks, in less wall time. `FAULT_SEED=<n>` replays one run
 * here in the test process.
 */
const RUNS = 1_000
const FIRST_SEED = 1
/** One process per core, at most this many (each costs a start-up and memory). */
const MAX_PROCESSES = 4

const REPO_ROOT = path.resolve(__dirname, '..')
const seeds = process.env.FAULT_SEED ? [Number(process.env.FAULT_SEED)] : Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i)
const processes = Math.max(1, Math.min(MAX_PROCESSES, os.availableParallelism?.() ?? os.cpus().length))
const figures: Record<string, unknown> = {}

/** Runs one batch in a child process (convergenceWorker.ts) and resolves with its results. */
function runInChildProcess(batch: ConvergenceBatch): Promise<ConvergenceResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'convergenceWorker.ts')], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (results: ConvergenceResult[]) => {
      resolve(results)
      child.disconnect()
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`convergence worker exited with ${code} before answering`)))
    child.send(batch)
  })
}

async function runAll(topology: Topology): Promise<ConvergenceResult[]> {
  if (seeds.length === 1) return runConvergenceBatch({ topology, seeds })
  // Interleaved, so every process gets a like share of cheap and costly seeds.
  const batches = Array.from({ length: processes }, (_, p) => ({ topology, seeds: seeds.filter((_, i) => i % processes === p) }))
  const results = (await Promise.all(batches.map(runInChildProcess))).flat()
  return results.sort((a, b) => a.seed - b.seed)
}

describe('randomised convergence of the documented layout', () => {
  it.each(['star', 'mesh'] as const)(`%s: converges in every seeded run (${process.env.FAULT_SEED ? `seed ${process.env.FAULT_SEED}` : `${RUNS} runs`})`, async (topology) => {
    const total: RunStats = { ops: 0, delivered: 0, dropped: 0, reordered: 0, disconnects: 0 }
    const failures: string[] = []
    const started = performance.now()
    const results = await runAll(topology)
    expect(results.map((r) => r.seed)).toEqual(seeds)
    for (const result of results) {
      if ('error' in result) {
        failures.push(result.error)
        console.error(`[faults] convergence FAILED: ${result.error}`)
        continue
      }
      for (const key of Object.keys(total) as (keyof RunStats)[]) total[key] += result.stats[key]
    }
    figures[topology] = {
      runs: seeds.length,
      firstSeed: seeds[0],
      docs: PEERS,
      stepsPerRun: STEPS_PER_RUN,
      failedRuns: failures.length,
      failingSeeds: failures.map((f) => Number(/^seed (\d+)/.exec(f)?.[1])),
      ops: total.ops,
      messagesDelivered: total.delivered,
      messagesDropped: total.dropped,
      messagesReordered: total.reordered,
      disconnects: total.disconnects,
      processes: seeds.length === 1 ? 1 : processes,
      durationS: Math.round((performance.now() - started) / 100) / 10,
    }
    recordFigures('convergence', figures)
    expect(failures).toEqual([])
  })
})
