import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { isDeepStrictEqual } from 'node:util'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { IncrementalKeyValue } from '../lib/collab/IncrementalKeyValue'
import { RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { buildTestNote } from '../testing/buildTestNote'
import { toRichText } from '../lib/tldraw/richText'
import type { BoardRecord } from '../lib/tldraw/records'

/**
 * One seeded run of the randomised convergence scenario (faults/convergence.test.ts), in the
 * manner of Yjs's own `applyRandomTests` (yjs/tests/testHelper.js): in-memory docs edit the
 * documented layout (a YKeyValue of tldraw records) while a simulated network delays, reorders and
 * drops their messages and docs go offline and come back (resyncing with the y-protocols
 * handshake). After everything is delivered, every doc must hold the same records. A run depends
 * on its seed alone, so runs can go to any process in any order and `FAULT_SEED=<n>` replays one.
 *
 * Two topologies:
 * - `star`, as deployed: doc 0 is the server (it runs the records view too, as RoomPolicy does) and
 *   relays; the others are clients that talk to it only. Every run must converge, records included.
 * - `mesh`: every doc talks to every other (as BroadcastChannel or WebRTC would; the app turns
 *   BroadcastChannel off). Every run must converge, records included. Every doc views its records
 *   through IncrementalKeyValue, as the server and the board page do (y-utility's YKeyValue view
 *   diverged from its own array in 1 of 1,000 mesh runs; see RELIABILITY.md).
 */
export const PEERS = 10
export const STEPS_PER_RUN = 50
const HUB = 0

export type Topology = 'star' | 'mesh'

interface Peer {
  id: number
  doc: Y.Doc
  records: IncrementalKeyValue<BoardRecord>
  online: boolean
  /** Messages waiting for this peer, per sender. */
  inbox: Map<Peer, Uint8Array[]>
}

export interface RunStats {
  ops: number
  delivered: number
  dropped: number
  reordered: number
  disconnects: number
}

function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Whether two docs exchange messages directly. */
function isLinked(topology: Topology, a: Peer, b: Peer): boolean {
  return a !== b && (topology === 'mesh' || a.id === HUB || b.id === HUB)
}

/** Runs one seeded scenario; returns the stats, or throws with the seed on divergence. */
export function runConvergenceScenario(seed: number, topology: Topology): RunStats {
  const gen = prng.create(seed)
  const stats: RunStats = { ops: 0, delivered: 0, dropped: 0, reordered: 0, disconnects: 0 }
  const peers: Peer[] = []
  const send = (from: Peer, to: Peer, message: Uint8Array) => {
    if (!from.online || !to.online || !isLinked(topology, from, to)) return
    const queue = to.inbox.get(from) ?? []
    queue.push(message)
    to.inbox.set(from, queue)
  }
  const deliver = (to: Peer, from: Peer, message: Uint8Array) => {
    const encoder = encoding.createEncoder()
    // The sender is the transaction origin, as a provider's (so a relay knows whom to skip).
    syncProtocol.readSyncMessage(decoding.createDecoder(message), encoder, to.doc, from)
    stats.delivered++
    if (encoding.length(encoder) > 0) send(to, from, encoding.toUint8Array(encoder))
  }
  /** Delivers one waiting message; sometimes not the oldest (reordering). Returns false when none wait. */
  const deliverRandom = (): boolean => {
    const receivers = peers.filter((p) => p.online && p.inbox.size > 0)
    if (receivers.length === 0) return false
    const to = prng.oneOf(gen, receivers)
    const [from, queue] = prng.oneOf(gen, [...to.inbox])
    const index = queue.length > 1 && prng.int32(gen, 0, 4) === 0 ? prng.int32(gen, 1, queue.length - 1) : 0
    if (index > 0) stats.reordered++
    const [message] = queue.splice(index, 1)
    if (queue.length === 0) to.inbox.delete(from)
    deliver(to, from, message)
    return true
  }
  const disconnect = (peer: Peer) => {
    if (!peer.online) return
    stats.disconnects++
    peer.online = false
    // Whatever was in flight to or from it is lost with the connection.
    for (const q of peer.inbox.values()) stats.dropped += q.length
    peer.inbox.clear()
    for (const other of peers) {
      stats.dropped += other.inbox.get(peer)?.length ?? 0
      other.inbox.delete(peer)
    }
  }
  const connect = (peer: Peer) => {
    if (peer.online) return
    peer.online = true
    // The y-protocols handshake both ways with every peer online.
    for (const other of peers) {
      if (!other.online || !isLinked(topology, peer, other)) continue
      send(peer, other, encodeSyncStep1(peer.doc))
      send(other, peer, encodeSyncStep1(other.doc))
    }
  }

  // Client ids decide the order of concurrent inserts: derive them from the seed so a run replays.
  const clientIds = new Set<number>()
  while (clientIds.size < PEERS + 1) clientIds.add(prng.uint32(gen, 1, 0x7fffffff))
  const [sharedId, ...peerIds] = clientIds
  const shared = new Y.Doc()
  shared.clientID = sharedId
  const seedRecords = new IncrementalKeyValue<BoardRecord>(shared.getArray(RECORDS_ARRAY))
  for (let n = 0; n < 5; n++) seedRecords.set(`shape:seed-${n}`, buildTestNote({ id: `shape:seed-${n}`, text: `seed ${n}`, x: n * 250, y: 0 }))
  const initial = Y.encodeStateAsUpdate(shared)
  for (let i = 0; i < PEERS; i++) {
    const doc = new Y.Doc()
    doc.clientID = peerIds[i]
    Y.applyUpdate(doc, initial)
    const peer: Peer = { id: i, doc, records: new IncrementalKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)), online: true, inbox: new Map() }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Local edits and the YKeyValue's own clean-ups go out; what the network applied goes on
      // only from the relay (the server broadcasts to everyone but the sender).
      const fromNetwork = peers.includes(origin as Peer)
      if (fromNetwork && !(topology === 'star' && peer.id === HUB)) return
      for (const other of peers) if (other !== origin) send(peer, other, encodeUpdate(update))
    })
    peers.push(peer)
  }

  let created = 0
  for (let step = 0; step < STEPS_PER_RUN; step++) {
    const roll = prng.int32(gen, 0, 99)
    if (roll < 4) disconnect(prng.oneOf(gen, peers))
    else if (roll < 8) connect(prng.oneOf(gen, peers))
    else if (roll < 10) while (deliverRandom());
    else if (roll < 60) for (let k = prng.int32(gen, 1, 6); k > 0 && deliverRandom(); k--);

    // The server makes no edits of its own (its YKeyValue only cleans up).
    const peer = topology === 'star' ? peers[prng.int32(gen, 1, PEERS - 1)] : prng.oneOf(gen, peers)
    const keys = [...peer.records.map.keys()]
    const op = keys.length === 0 ? 0 : prng.int32(gen, 0, 9)
    stats.ops++
    if (op <= 2) {
      const id = `shape:p${peer.id}-${created++}`
      peer.records.set(id, buildTestNote({ id, text: prng.word(gen, 1, 12), x: prng.int32(gen, 0, 3000), y: prng.int32(gen, 0, 2000) }))
    } else {
      const key = prng.oneOf(gen, keys)
      const record = peer.records.get(key)!
      if (op <= 5) peer.records.set(key, { ...record, x: prng.int32(gen, 0, 3000), y: prng.int32(gen, 0, 2000) })
      else if (op <= 8) peer.records.set(key, { ...record, props: { ...(record.props as object), richText: toRichText(prng.word(gen, 0, 20)) } })
      else peer.records.delete(key)
    }
  }

  // Everyone back online, everything delivered (clean-ups may produce more messages: keep going).
  for (const peer of peers) connect(peer)
  while (deliverRandom());

  const expected = peers[0]
  const recordsOf = (records: IncrementalKeyValue<BoardRecord>) => Object.fromEntries([...records.map].map(([k, v]) => [k, v.val]))
  const reference = recordsOf(expected.records)
  // What a client that loads the document now would show (the rightmost entry of a key wins), read
  // without constructing a YKeyValue: its constructor would clean up duplicates and change the doc.
  const loaded = Object.fromEntries(expected.doc.getArray<{ key: string; val: BoardRecord }>(RECORDS_ARRAY).toArray().map((e) => [e.key, e.val]))
  for (const peer of peers) {
    const problems: string[] = []
    if (peer.doc.store.pendingStructs || peer.doc.store.pendingDs) problems.push('pending structs left')
    if (!isDeepStrictEqual(Y.decodeStateVector(Y.encodeStateVector(peer.doc)), Y.decodeStateVector(Y.encodeStateVector(expected.doc)))) problems.push('state vectors differ')
    if (!isDeepStrictEqual(peer.doc.getArray(RECORDS_ARRAY).toJSON(), expected.doc.getArray(RECORDS_ARRAY).toJSON())) problems.push('arrays differ')
    const viewProblem = !isDeepStrictEqual(recordsOf(peer.records), reference) || !isDeepStrictEqual(recordsOf(peer.records), loaded)
    if (viewProblem) problems.push('records differ')
    if (problems.length) {
      throw new Error(`seed ${seed}: ${topology} doc ${peer.id} diverged from doc 0 (${problems.join(', ')}). Replay: FAULT_SEED=${seed} npx vitest run --project faults faults/convergence.test.ts`)
    }
  }
  for (const peer of peers) peer.doc.destroy()
  shared.destroy()
  return stats
}


export interface ConvergenceBatch {
  topology: Topology
  seeds: number[]
}

/** A run's stats, or the divergence it found (the message names the seed and how to replay it). */
export type ConvergenceResult = { seed: number; stats: RunStats } | { seed: number; error: string }

/** Runs seeded scenarios one after another, recording a divergence instead of stopping at it. */
export function runConvergenceBatch({ topology, seeds }: ConvergenceBatch): ConvergenceResult[] {
  return seeds.map((seed) => {
    try {
      return { seed, stats: runConvergenceScenario(seed, topology) }
    } catch (err) {
      return { seed, error: (err as Error).message }
    }
  })
}
