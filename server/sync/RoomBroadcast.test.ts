import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RoomBroadcast } from './RoomBroadcast'
import { DEFAULT_PACING_FRAMES_PER_SECOND } from './roomDefaults'

const INTERVAL_MS = 30

function setup(connectionCount: number, pacingFramesPerSecond = DEFAULT_PACING_FRAMES_PER_SECOND) {
  const doc = new Y.Doc()
  const connections = new Set(Array.from({ length: connectionCount }, (_, i) => i))
  const sent: { conn: number; at: number }[] = []
  const broadcast = new RoomBroadcast(new awarenessProtocol.Awareness(doc), connections, INTERVAL_MS, (conn) => sent.push({ conn, at: performance.now() }), pacingFramesPerSecond)
  const update = Y.encodeStateAsUpdate(doc)
  return { broadcast, sent, update }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('RoomBroadcast', () => {
  it('sends a change to everyone but its writer, merged with the others of the same turn', async () => {
    const { broadcast, sent, update } = setup(3)
    broadcast.queueUpdate(update, 0)
    broadcast.queueUpdate(update, 0)
    await nextTurn()
    expect(sent.map((s) => s.conn)).toEqual([1, 2])
  })

  it('sends at once while a room is quiet, and paces once it sends DEFAULT_PACING_FRAMES_PER_SECOND frames a second', async () => {
    const connections = 1_000
    const { broadcast, sent, update } = setup(connections)
    for (let i = 0; i < 3; i++) {
      broadcast.queueUpdate(update, undefined)
      await nextTurn()
      expect(sent).toHaveLength((i + 1) * connections)
    }
    // A burst of broadcasts makes the room busy...
    while (sent.length < DEFAULT_PACING_FRAMES_PER_SECOND) {
      broadcast.queueUpdate(update, undefined)
      broadcast.flushUpdatesNow()
    }
    const before = sent.length
    const queuedAt = performance.now()
    broadcast.queueUpdate(update, undefined)
    await nextTurn()
    // ...so the next change waits for the interval instead of going out on the next turn.
    expect(sent).toHaveLength(before)
    while (sent.length === before) await new Promise((resolve) => setTimeout(resolve, 2))
    expect(sent[sent.length - 1].at - queuedAt).toBeGreaterThanOrEqual(INTERVAL_MS - 2)
  })

  it('paces from the second change on when the threshold is 0', async () => {
    const { broadcast, sent, update } = setup(2, 0)
    broadcast.queueUpdate(update, undefined)
    await nextTurn()
    expect(sent).toHaveLength(2)
    const queuedAt = performance.now()
    broadcast.queueUpdate(update, undefined)
    await nextTurn()
    expect(sent).toHaveLength(2)
    while (sent.length === 2) await new Promise((resolve) => setTimeout(resolve, 2))
    expect(sent[sent.length - 1].at - queuedAt).toBeGreaterThanOrEqual(INTERVAL_MS - 5)
  })
})
