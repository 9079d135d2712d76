import { describe, expect, it } from 'vitest'
import { buildRatioTable } from './buildRatioTable'
import type { ScenarioResult } from './runScenario'

/** The figures the table reads; the rest of a result does not matter here. */
function result(server: 'ours' | 'stock', p99: number, fields: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 'b',
    server,
    clients: 300,
    latencyMs: { count: 100, p50: p99 / 2, p95: p99, p99, max: p99, mean: p99 / 2 },
    deliveredPercent: 100,
    serverCpuMsPer1kDelivered: 1_000,
    loadGeneratorCpuPercent: 70,
    generatorCores: 1,
    edits: 4_800,
    scheduledEdits: 4_800,
    invalidReasons: [],
    otherCpuPercent: 3,
    ...fields,
  } as ScenarioResult
}

const rowOf = (table: string) => table.split('\n')[2].split(' | ')

describe('buildRatioTable', () => {
  it('puts ours next to stock with their ratios', () => {
    const row = rowOf(buildRatioTable([result('ours', 20), result('stock', 5_000, { deliveredPercent: 41, serverCpuMsPer1kDelivered: 4_000 })]))
    expect(row).toEqual(['| b', '300', '10 / 20', '2,500 / 5,000', '0.0040x', '100 % / 41 %', '1,000 / 4,000', '0.25x', '70 % / 70 %', '3 / 3 |'])
  })

  it('floors latencies at 5 ms before the ratio', () => {
    expect(rowOf(buildRatioTable([result('ours', 3), result('stock', 1)]))[4]).toBe('1.00x')
  })

  it('shows an invalid run as INVALID, with no ratio, and says why', () => {
    const table = buildRatioTable([result('ours', 20, { loadGeneratorCpuPercent: 97, invalidReasons: ['load generator at 97 % of its core (limit 90 %)'] }), result('stock', 5_000)])
    const row = rowOf(table)
    expect(row[2]).toBe('INVALID')
    expect(row[4]).toBe('–')
    expect(row[7]).toBe('–')
    expect(table).toContain('- b, ours: INVALID, load generator at 97 % of its core (limit 90 %).')
  })

  it('notes a generator that sent fewer edits than scheduled', () => {
    expect(rowOf(buildRatioTable([result('ours', 20, { edits: 4_000 }), result('stock', 30)]))[8]).toBe('70 % (4,000 of 4,800 edits) / 70 %')
  })
})
