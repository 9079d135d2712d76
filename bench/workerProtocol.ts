/** Messages between the bench (parent) and its client worker processes, over Node's IPC channel. */

import type { WireCounters } from './countingWebSocket'

export interface ClientSpec {
  name: string
  boardId: string
  token?: string
  observer: boolean
  /** See ParticipantOptions.deaf. */
  deaf: boolean
}

export interface OpenArgs {
  serverUrl: string
  clients: ClientSpec[]
  noteCount: number
  /** Clients are opened evenly spread over this many ms. */
  rampMs: number
  /** Give up on clients not synced this long after the ramp. */
  syncTimeoutMs: number
  presence: 'cursor' | 'tldraw'
}

export interface OpenResult {
  synced: number
  failed: string[]
  setupMs: number[]
}

export interface RunArgs {
  durationMs: number
  /** Per client. */
  editsPerSecond: number
  cursorHz: number
  /** Stop a client once it made this many edits in the run (scenario d). */
  maxEditsPerClient?: number
  tickMs: number
  /** Scenario-wide first edit of the run, so every worker starts at the same moment (wall ms). */
  startAt: number
  /** Check that sampled edits reach the database: the worker polls it read-only. */
  diskProbe?: { dbPath: string; everyMs: number }
}

export interface RunResult {
  /** Edits made so far by each client (seeding included), by name. */
  sent: Record<string, number>
  /** Edits made during the run. */
  runEdits: number
  runMs: number
  /** Longest time between two ticks of the edit loop: how far the worker fell behind its schedule. */
  maxTickGapMs: number
  /** Ms from `set` to the row being visible in the database, per probed edit (-1: not seen in time). */
  diskMs: number[]
}

export interface SettleArgs {
  /** For each board, the edits made by each author: observers wait until they saw all of them. */
  expected: Record<string, Record<string, number>>
  timeoutMs: number
}

export interface ObserverStats {
  name: string
  boardId: string
  expected: number
  received: number
  latenciesMs: number[]
  /** Size of `Y.encodeStateAsUpdate` of this observer's document. */
  stateBytes: number
}

export interface SettleResult {
  complete: boolean
  observers: ObserverStats[]
}

export interface DeafenArgs {
  /** Wait up to this long for the server's author stamp on every deaf client's notes (0: the server stamps none). */
  waitForStampsMs: number
}

export interface DeafenResult {
  /** Deaf clients whose notes were still unstamped when they were deafened: their edits will not show. */
  unstamped: number
}

export interface CollectResult {
  /** Event-loop delay of the worker during the run: large values mean its clients' timings are late. */
  loopDelayMs: { p99: number; max: number }
  counters: WireCounters
  drops: number
  closeCodes: number[]
  notSynced: number
}

export interface WorkerCommands {
  open: [OpenArgs, OpenResult]
  seed: [Record<string, never>, RunResult]
  run: [RunArgs, RunResult]
  settle: [SettleArgs, SettleResult]
  deafen: [DeafenArgs, DeafenResult]
  collect: [Record<string, never>, CollectResult]
  close: [Record<string, never>, Record<string, never>]
}

export type WorkerCommand = keyof WorkerCommands

export interface WorkerRequest<C extends WorkerCommand = WorkerCommand> {
  id: number
  command: C
  args: WorkerCommands[C][0]
}

export type WorkerResponse = { id: number; result: unknown } | { id: number; error: string }
