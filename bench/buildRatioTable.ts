import { formatRatio, getRatio } from './formatRatio'
import type { ScenarioResult } from './runScenario'
import type { ScenarioKey } from './scenarios'

/** Latencies are raised to this before a ratio is taken (issue #24: "floor both at 5 ms"). */
export const LATENCY_FLOOR_MS = 5

const fmt = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits }))

/** A run's figures count only when its load generator kept up. */
export const isValidRun = (r: ScenarioResult | undefined): boolean => r !== undefined && r.invalidReasons.length === 0

/** The cell of one server's figure: the figure, "INVALID" when its run was, "–" when it did not run. */
function cell(r: ScenarioResult | undefined, text: (r: ScenarioResult) => string): string {
  if (!r) return '–'
  return isValidRun(r) ? text(r) : 'INVALID'
}

function ratioCell(ours: ScenarioResult | undefined, stock: ScenarioResult | undefined, key: (r: ScenarioResult) => number | undefined, floor = 0): string {
  return ours && stock && isValidRun(ours) && isValidRun(stock) ? formatRatio(getRatio(key(ours), key(stock), floor)) : '–'
}

function generatorCell(r: ScenarioResult | undefined): string {
  if (!r) return '–'
  const share = fmt(r.loadGeneratorCpuPercent / Math.max(1, r.generatorCores), 0)
  return `${share} %${r.edits < r.scheduledEdits ? ` (${fmt(r.edits, 0)} of ${fmt(r.scheduledEdits, 0)} edits)` : ''}`
}

/** Other users of the machine during the run: the pinned cores are not reserved for the bench. */
function othersCell(r: ScenarioResult | undefined): string {
  return r ? fmt(r.otherCpuPercent, 0) : '–'
}

/**
 * One row per scenario, ours next to the stock relay of the same run: p50 / p99 and their ratio,
 * delivered, server CPU per 1,000 delivered edits and its ratio, and how busy the load generator
 * was, and how busy the rest of the machine was. A run whose generator saturated shows INVALID instead of the server's figures, with the
 * reason under the table. Markdown, to paste into BENCHMARKS.md.
 */
export function buildRatioTable(results: ScenarioResult[]): string {
  const lines = [
    `| scenario | clients | ours p50 / p99 ms | stock p50 / p99 ms | p99 ours / stock (floor ${LATENCY_FLOOR_MS} ms) | delivered ours / stock | server CPU ms per 1,000 delivered, ours / stock | CPU ours / stock | load generator, % of its cores (ours run / stock run) | other processes, % of a core (ours run / stock run) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  const notes: string[] = []
  const keys = [...new Set(results.map((r) => r.scenario))] as ScenarioKey[]
  for (const key of keys) {
    const ours = results.find((r) => r.scenario === key && r.server === 'ours')
    const stock = results.find((r) => r.scenario === key && r.server === 'stock')
    const first = (ours ?? stock)!
    const latency = (r: ScenarioResult) => `${fmt(r.latencyMs.p50)} / ${fmt(r.latencyMs.p99)}`
    const delivered = (r: ScenarioResult) => `${fmt(r.deliveredPercent)} %`
    const cpu = (r: ScenarioResult) => fmt(r.serverCpuMsPer1kDelivered, 0)
    lines.push(
      `| ${key} | ${fmt(first.clients, 0)} | ${cell(ours, latency)} | ${cell(stock, latency)} | ${ratioCell(ours, stock, (r) => r.latencyMs.p99, LATENCY_FLOOR_MS)} | ${cell(ours, delivered)} / ${cell(stock, delivered)} | ${cell(ours, cpu)} / ${cell(stock, cpu)} | ${ratioCell(ours, stock, (r) => r.serverCpuMsPer1kDelivered)} | ${generatorCell(ours)} / ${generatorCell(stock)} | ${othersCell(ours)} / ${othersCell(stock)} |`,
    )
    for (const r of [ours, stock]) if (r && !isValidRun(r)) notes.push(`- ${key}, ${r.server}: INVALID, ${r.invalidReasons.join('; ')}.`)
  }
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n')
}
