import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readFigures, RESULTS_FILE } from './recordFigures'

/** Starts a fresh faults/results/latest.json for this run. */
export function setup(): void {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  const figures = {
    command: 'npm run test:faults',
    startedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    seedOverride: process.env.FAULT_SEED ?? null,
  }
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(figures, null, 2) + '\n')
}

/** Prints the figures of the run, one line per scenario. */
export function teardown(): void {
  const figures = readFigures()
  if (!figures) return
  const lines = Object.entries(figures)
    .filter(([, v]) => v !== null && typeof v === 'object')
    .map(([k, v]) => `  ${k.padEnd(18)} ${JSON.stringify(v)}`)
  process.stdout.write(`\nFault suite figures (${RESULTS_FILE}):\n${lines.join('\n')}\n`)
}
