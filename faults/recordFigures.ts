import fs from 'node:fs'
import path from 'node:path'

export const RESULTS_FILE = path.join(__dirname, 'results', 'latest.json')

export interface FaultFigures {
  command: string
  startedAt: string
  node: string
  cpus: number
  [section: string]: unknown
}

export function readFigures(): FaultFigures | undefined {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as FaultFigures
  } catch {
    return undefined
  }
}

/**
 * Merges one scenario's figures into faults/results/latest.json (files run one after another, so a
 * read-modify-write is safe) and prints them.
 */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
  const current = readFigures() ?? { command: 'vitest run --project faults', startedAt: new Date().toISOString(), node: process.version, cpus: 0 }
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  fs.writeFileSync(RESULTS_FILE, JSON.stringify({ ...current, [section]: figures }, null, 2) + '\n')
  console.log(`[faults] ${section}: ${JSON.stringify(figures)}`)
}
