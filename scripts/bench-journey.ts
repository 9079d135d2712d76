/**
 * Benchmarks buildJourney on the buyer-journey template with 1,000 and 10,000 sticky notes spread
 * over the cells (a few outside the grid, some in groups, some rotated). Prints the median of several
 * runs after a warm-up, and ms per 1,000 notes to show growth is linear. Goal: ≤ 20 ms for 10,000.
 *   npx tsx scripts/bench-journey.ts
 */
import { buildJourney } from '../lib/journey/buildJourney'
import { buildTestNote } from '../testing/buildTestNote'
import { getNoteIndexKey } from '../lib/journey/journeyToRecords'
import { buildTemplateRecords } from '../lib/templates/buildTemplateRecords'
import { layoutGrid } from '../lib/templates/gridLayout'
import { getTemplate } from '../lib/templates/journeyTemplates'
import type { BoardRecord } from '../lib/tldraw/records'

const SIZES = [1_000, 10_000]
/** Warm-up lasts at least this many runs and this long, so the JIT has optimised the code. */
const WARM_UP_RUNS = 10
const WARM_UP_MS = 1_000
const TIMED_RUNS = 21
const AUTHORS = ['Ann', 'Bo', 'Chen', 'Dee', 'Eli']
const TEXTS = ['Sees an ad on Instagram', '😀 free trial!', '-1 pricing page is confusing', 'Asks a friend\nwho studied there', 'Compares three schools']

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same board. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function buildBoard(noteCount: number): BoardRecord[] {
  const template = getTemplate('buyer-journey')!
  const layout = layoutGrid(template.stages, template.lanes)
  const rand = random(noteCount)
  const records = buildTemplateRecords(template, 'Benchmark')
  let next = records.length
  for (let i = 0; i < noteCount; i++) {
    const stage = layout.stages[Math.floor(rand() * layout.stages.length)]
    const lane = layout.lanes[Math.floor(rand() * layout.lanes.length)]
    const outside = rand() < 0.02
    records.push(
      buildTestNote({
        id: `shape:note-${i}`,
        index: getNoteIndexKey(next++),
        x: outside ? -1000 - rand() * 500 : stage.x + rand() * (stage.w - 100) - 50,
        y: lane.y + rand() * (lane.h - 100) - 50,
        rotation: rand() < 0.1 ? rand() - 0.5 : 0,
        text: TEXTS[i % TEXTS.length],
        meta: { authorName: AUTHORS[i % AUTHORS.length], votes: i % 4, updatedAt: 1_700_000_000_000 + i },
      }),
    )
  }
  return records
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median time of `run` after a warm-up, in ms. */
function measure(run: () => unknown): number {
  const warmUpStart = performance.now()
  for (let i = 0; i < WARM_UP_RUNS || performance.now() - warmUpStart < WARM_UP_MS; i++) run()
  const times: number[] = []
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
  }
  return median(times)
}

// The reference is a plain JSON round trip of the same records (what any consumer of the board
// must at least do): the ratio to it stays meaningful on a shared, noisy machine.
const rows: { notes: number; ms: number; perThousand: number; referenceMs: number }[] = []
for (const size of SIZES) {
  const records = buildBoard(size)
  const options = { boardId: 'bench', exportedAt: '2025-01-01T00:00:00.000Z' }
  const ms = measure(() => buildJourney(records, options))
  const referenceMs = measure(() => JSON.parse(JSON.stringify(records)))
  rows.push({ notes: size, ms, perThousand: (ms / size) * 1000, referenceMs })
}

console.log(`buildJourney, buyer-journey template: median of ${TIMED_RUNS} runs after ≥ ${WARM_UP_RUNS} warm-up runs (≥ ${WARM_UP_MS} ms)`)
console.log('| notes  | buildJourney ms | ms / 1,000 notes | JSON round trip ms | ratio |')
console.log('| ------ | --------------- | ---------------- | ------------------ | ----- |')
for (const r of rows) {
  console.log(
    `| ${String(r.notes).padStart(6)} | ${r.ms.toFixed(2).padStart(15)} | ${r.perThousand.toFixed(3).padStart(16)} | ${r.referenceMs.toFixed(2).padStart(18)} | ${(r.ms / r.referenceMs).toFixed(2).padStart(5)} |`,
  )
}
const [small, large] = rows
console.log(`growth 1,000 -> 10,000 notes: ${(large.ms / small.ms).toFixed(1)}x (linear = 10x); goal <= 20 ms at 10,000: ${large.ms <= 20 ? 'met' : 'NOT met'}`)
