import * as prng from 'lib0/prng'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildTestNote } from '../testing/buildTestNote'
import type { BoardRecord } from '../lib/tldraw/records'
import { createBoard } from '../server/boards/BoardService'
import { readBoardRecords } from '../server/boards/buildBoardDocument'
import { openSqliteStorageInDataDir } from '../server/storage/openSqliteStorage'
import { makeDataDir, makeSyncToken, waitFor, type ChildServer } from '../server/testing/testServer'
import { connectFaultClient, getRecordMap, type FaultClient } from './connectFaultClient'
import { getFreePort } from '../server/testing/getFreePort'
import { recordFigures } from './recordFigures'
import { startServerOnPort } from './startServerOnPort'

const SEED = Number(process.env.FAULT_SEED ?? 8)
const CLIENTS = 50
const KILLS = Number(process.env.FAULT_KILLS ?? 20)
/** Each client edits this often while the storm runs (so about CLIENTS * 1000 / EDIT_INTERVAL_MS edits/s). */
const EDIT_INTERVAL_MS = 1_000
/** A client creates notes up to this many, then moves and rewrites them. */
const NOTES_PER_CLIENT = 8
/** The server is killed at a random moment this long after every client is back in sync. */
const KILL_AFTER_MS = { min: 200, max: 1_500 }
const SYNC_TIMEOUT_MS = 120_000

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

interface Edit {
  note: string
  rev: number
  /** The writer's clock after the edit: a SAVED ack at or past it covers the edit. */
  clock: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The author the server stamps from the storm's token: every edit carries it, as a browser's edit of a
 * note it holds does, so the server has nothing to put back (see "Document layout" in README.md).
 */
const STORM_AUTHOR = { authorId: 'token:Storm client', authorName: 'Storm client' }

function getRev(record: BoardRecord | undefined): number {
  return ((record?.meta as { rev?: number } | undefined)?.rev as number | undefined) ?? 0
}

describe('kill -9 in the middle of an edit storm', () => {
  it(`loses no seen edit over ${KILLS} SIGKILL restarts with ${CLIENTS} clients editing (seed ${SEED})`, async () => {
    const gen = prng.create(SEED)
    const dataDir = makeDataDir()
    const setup = await openSqliteStorageInDataDir(dataDir)
    const board = await createBoard(setup.catalog, { title: 'Kill storm' })
    await setup.close()
    const token = makeSyncToken(dataDir, board.id, 'participant', 'Storm client', 4 * 3_600_000)
    const port = await getFreePort()
    const env = { MAX_CONNECTIONS_PER_USER: '1000', MAX_CONNECTIONS_PER_BOARD: '1000' }
    let server: ChildServer = await startServerOnPort(dataDir, port, env)
    cleanups.push(() => server.stop('SIGKILL'))

    const lastRev = new Map<string, number>()
    const seenRev = new Map<string, number>()
    const seenEdits = new Set<string>()
    const markSeen = (note: string, rev: number) => {
      seenEdits.add(`${note}@${rev}`)
      if ((seenRev.get(note) ?? 0) < rev) seenRev.set(note, rev)
    }
    const unacked: Edit[][] = []
    const owned: string[][] = []
    const clients: FaultClient[] = []
    const closeCodes: number[][] = Array.from({ length: CLIENTS }, () => [])
    for (let i = 0; i < CLIENTS; i++) {
      unacked.push([])
      owned.push([])
      const client = connectFaultClient(port, board.id, token, {
        onAck: (sv) => {
          const mine = sv.get(client.doc.clientID) ?? 0
          unacked[i] = unacked[i].filter((e) => (e.clock <= mine ? (markSeen(e.note, e.rev), false) : true))
        },
      })
      // Another client received it: seen.
      client.records.on('change', (changes: Map<string, { action: string; newValue?: BoardRecord }>, tr: Y.Transaction) => {
        if (tr.local) return
        for (const [note, change] of changes) {
          const meta = change.newValue?.meta as { owner?: number; rev?: number } | undefined
          if (meta && meta.owner !== i && typeof meta.rev === 'number') markSeen(note, meta.rev)
        }
      })
      client.provider.on('connection-close', (event) => closeCodes[i].push(event?.code ?? 0))
      clients.push(client)
      cleanups.push(client.destroy)
    }
    const allSynced = () => clients.every((c) => c.provider.synced)
    /** Which clients are not in sync, and how their sockets last closed (for a failure message). */
    const describeStragglers = () =>
      clients.flatMap((c, i) => (c.provider.synced ? [] : [`#${i} connected=${c.provider.wsconnected} closes=${closeCodes[i].slice(-3).join(',')}`])).join('; ')
    await waitFor(allSynced, SYNC_TIMEOUT_MS, 'all clients synced')

    let edits = 0
    const edit = (i: number) => {
      const mine = owned[i]
      const create = mine.length < NOTES_PER_CLIENT && (mine.length === 0 || prng.int32(gen, 0, 3) === 0)
      const note = create ? `shape:storm-c${i}-n${mine.length}` : prng.oneOf(gen, mine)
      const rev = (lastRev.get(note) ?? 0) + 1
      const record = buildTestNote({ id: note, text: `client ${i}, revision ${rev}`, x: prng.int32(gen, 0, 4000), y: prng.int32(gen, 0, 2500), meta: { owner: i, rev, ...STORM_AUTHOR } })
      clients[i].records.set(note, record)
      lastRev.set(note, rev)
      if (create) mine.push(note)
      unacked[i].push({ note, rev, clock: Y.getState(clients[i].doc.store, clients[i].doc.clientID) })
      edits++
    }
    // Every client edits on its own timer, connected or not (offline edits are sent on reconnect).
    const timers = clients.map((_, i) => setInterval(() => edit(i), EDIT_INTERVAL_MS + (i % 7) * 10))
    cleanups.push(() => timers.forEach(clearInterval))

    const started = performance.now()
    const resyncMs: number[] = []
    const restartMs: number[] = []
    for (let k = 0; k < KILLS; k++) {
      await sleep(prng.int32(gen, KILL_AFTER_MS.min, KILL_AFTER_MS.max))
      await server.stop('SIGKILL')
      const down = performance.now()
      server = await startServerOnPort(dataDir, port, env)
      const restarted = performance.now()
      await waitFor(allSynced, SYNC_TIMEOUT_MS, `all clients back after kill ${k + 1}`).catch((err: Error) => {
        throw new Error(`${err.message}: ${describeStragglers()}\nserver log tail:\n${server.stderr.split('\n').slice(-15).join('\n')}`)
      })
      resyncMs.push(Math.round(performance.now() - restarted))
      restartMs.push(Math.round(restarted - down))
      if (process.env.FAULT_VERBOSE) console.log(`[faults] kill ${k + 1}: restart ${restartMs.at(-1)} ms, resync ${resyncMs.at(-1)} ms, edits ${edits}`)
    }
    timers.forEach(clearInterval)
    await waitFor(() => allSynced() && clients.every((c) => c.isAcked()), SYNC_TIMEOUT_MS, 'every edit acknowledged')
    await waitFor(() => {
      const sv = Y.encodeStateVector(clients[0].doc)
      return clients.every((c) => Buffer.compare(Y.encodeStateVector(c.doc), sv) === 0)
    }, SYNC_TIMEOUT_MS, 'equal state vectors')

    const fresh = connectFaultClient(port, board.id, token)
    cleanups.push(fresh.destroy)
    await waitFor(() => fresh.provider.synced, SYNC_TIMEOUT_MS, 'fresh client synced')
    const final = getRecordMap(fresh.records)
    const mismatched = clients.filter((c) => !isDeepStrictEqual(getRecordMap(c.records), final)).length
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(clients[0].doc))

    let lostSeen = 0
    for (const [note, rev] of seenRev) lostSeen += Math.max(0, rev - getRev(final[note]))
    let lostAny = 0
    for (const [note, rev] of lastRev) lostAny += Math.max(0, rev - getRev(final[note]))

    // What is on disk after a graceful stop is the same board.
    await server.stop('SIGTERM')
    const check = await openSqliteStorageInDataDir(dataDir)
    const doc = new Y.Doc()
    for (const u of (await check.documents.loadDocument(board.id)).updates) Y.applyUpdate(doc, u)
    await check.close()
    const stored = Object.fromEntries(readBoardRecords(doc).map((r) => [r.id, r]).sort(([a], [b]) => (a < b ? -1 : 1)))

    recordFigures('killStorm', {
      seed: SEED,
      clients: CLIENTS,
      faultsInjected: KILLS,
      edits,
      editsSeen: seenEdits.size,
      seenEditsLost: lostSeen,
      editsLost: lostAny,
      notes: lastRev.size,
      clientsDiffering: mismatched,
      serverRestartMs: { median: median(restartMs), max: Math.max(...restartMs) },
      allClientsResyncedMs: { median: median(resyncMs), max: Math.max(...resyncMs) },
      durationS: Math.round((performance.now() - started) / 1000),
    })
    expect(lostSeen).toBe(0)
    expect(lostAny).toBe(0)
    expect(mismatched).toBe(0)
    expect(isDeepStrictEqual(stored, final)).toBe(true)
  })
})
