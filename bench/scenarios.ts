/** The load scenarios of `npm run bench` (full) and `npm run bench:smoke` (tiny, for `npm test`). */

export type ScenarioKey = 'a' | 'a100' | 'b' | 'b1' | 'c' | 'd'

export interface ScenarioSpec {
  key: ScenarioKey
  title: string
  rooms: number
  clientsPerRoom: number
  /** Edits per second per client while measuring. */
  editsPerSecond: number
  /** Cursor (awareness) updates per second per client. */
  cursorHz: number
  /** How long clients edit (the hold time in c); a bound in d, which stops at its edit count. */
  durationMs: number
  /** The first `observersPerRoom` clients of the first `observedRooms` rooms record arrivals. */
  observedRooms: number
  observersPerRoom: number
  /** Notes each client owns and edits in turn. */
  noteCount: number
  /** Connections are opened evenly over this time. */
  rampMs: number
  tickMs: number
  /** d: stop each client after this many edits. */
  maxEditsPerClient?: number
  /** Ours: time sampled edits until their row is in the database, one every this many ms. */
  diskProbeEveryMs?: number
  /** Memory check: after the clients leave and rooms unload, wait this long, then read RSS. */
  memorySettleMs?: number
  /** Ours: then keep reading RSS (every second, up to this long after the unload) until it is back within 20 % of the start. */
  memoryReturnLimitMs?: number
  /** How long observers may take to receive every edit after the run (default 20 s). */
  settleTimeoutMs?: number
  /** d: compare the stored document with the compacted state. */
  measureStorage?: boolean
  /** The stock relay has no persistence, so d runs against ours only. */
  oursOnly?: boolean
}

const SECOND_MS = 1_000

export function getFullScenarios(): ScenarioSpec[] {
  return [
    { key: 'a', title: '30 clients x 2 edits/s, one room', rooms: 1, clientsPerRoom: 30, editsPerSecond: 2, cursorHz: 10, durationMs: 25 * SECOND_MS, observedRooms: 1, observersPerRoom: 2, noteCount: 2, rampMs: 1_000, tickMs: 20, diskProbeEveryMs: 250 },
    // Between a and b, for issue #24's 30 / 100 / 300-client comparison. Cursors off, as in b.
    { key: 'a100', title: '100 clients x 2 edits/s, one room, no cursor traffic', rooms: 1, clientsPerRoom: 100, editsPerSecond: 2, cursorHz: 0, durationMs: 25 * SECOND_MS, observedRooms: 1, observersPerRoom: 2, noteCount: 2, rampMs: 2_000, tickMs: 20, diskProbeEveryMs: 250 },
    // Cursors off: the document path alone. At 10 Hz, 300 cursors fan out to 900,000 messages/s,
    // more than either server or this load generator can move on two cores (see BENCHMARKS.md).
    { key: 'b', title: '300 clients x 2 edits/s, one room, no cursor traffic', rooms: 1, clientsPerRoom: 300, editsPerSecond: 2, cursorHz: 0, durationMs: 25 * SECOND_MS, observedRooms: 1, observersPerRoom: 2, noteCount: 2, rampMs: 6_000, tickMs: 20, diskProbeEveryMs: 250 },
    { key: 'b1', title: '300 clients x 2 edits/s, one room, cursors at 1 Hz', rooms: 1, clientsPerRoom: 300, editsPerSecond: 2, cursorHz: 1, durationMs: 25 * SECOND_MS, observedRooms: 1, observersPerRoom: 2, noteCount: 2, rampMs: 6_000, tickMs: 20, diskProbeEveryMs: 250 },
    { key: 'c', title: '2,000 connections over 100 rooms, held 60 s', rooms: 100, clientsPerRoom: 20, editsPerSecond: 0.1, cursorHz: 0.2, durationMs: 60 * SECOND_MS, observedRooms: 10, observersPerRoom: 1, noteCount: 2, rampMs: 20_000, tickMs: 50, memorySettleMs: 5_000, memoryReturnLimitMs: 120 * SECOND_MS },
    { key: 'd', title: '100,000 edits, then compaction', rooms: 1, clientsPerRoom: 5, editsPerSecond: 400, cursorHz: 1, durationMs: 180 * SECOND_MS, observedRooms: 1, observersPerRoom: 1, noteCount: 16, rampMs: 0, tickMs: 5, maxEditsPerClient: 20_000, settleTimeoutMs: 120_000, measureStorage: true, oursOnly: true },
  ]
}

/**
 * Edits the synced clients of a run should make: each makes `editsPerSecond` for the run's
 * duration, or up to its quota (d). A generator that keeps up sends at least this many.
 */
export function getScheduledEdits(spec: ScenarioSpec, syncedClients: number): number {
  const perClient = Math.floor((spec.editsPerSecond * spec.durationMs) / SECOND_MS)
  return syncedClients * Math.min(spec.maxEditsPerClient ?? Infinity, perClient)
}

export function getSmokeScenarios(): ScenarioSpec[] {
  return [
    { key: 'a', title: 'smoke: 3 clients x 2 edits/s, one room', rooms: 1, clientsPerRoom: 3, editsPerSecond: 2, cursorHz: 10, durationMs: 3 * SECOND_MS, observedRooms: 1, observersPerRoom: 3, noteCount: 2, rampMs: 0, tickMs: 20, diskProbeEveryMs: 250 },
    { key: 'c', title: 'smoke: 10 connections over 2 rooms, held 3 s', rooms: 2, clientsPerRoom: 5, editsPerSecond: 1, cursorHz: 2, durationMs: 3 * SECOND_MS, observedRooms: 2, observersPerRoom: 5, noteCount: 2, rampMs: 300, tickMs: 50, memorySettleMs: 500, memoryReturnLimitMs: 20 * SECOND_MS },
    { key: 'd', title: 'smoke: 1,200 edits, then compaction', rooms: 1, clientsPerRoom: 3, editsPerSecond: 300, cursorHz: 1, durationMs: 20 * SECOND_MS, observedRooms: 1, observersPerRoom: 3, noteCount: 16, rampMs: 0, tickMs: 10, maxEditsPerClient: 400, measureStorage: true, oursOnly: true },
  ]
}
