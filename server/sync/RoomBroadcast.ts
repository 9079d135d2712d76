import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwarenessMessage, encodeSyncUpdate } from '../../lib/collab/syncMessageCodec'
import { BroadcastPacer } from './BroadcastPacer'

/**
 * Sends a room's stored changes and its cursors to its connections, paced (see BroadcastPacer):
 * the changes of one interval go out merged as one message, encoded once for everyone.
 */
export class RoomBroadcast<Conn> {
  private outgoing: { updates: Uint8Array[]; origins: Set<Conn | undefined> } | null = null
  private readonly updatePacer: BroadcastPacer
  /** Awareness clients whose change waits for the next cursor broadcast. */
  private readonly outgoingAwareness = new Set<number>()
  private readonly awarenessPacer: BroadcastPacer
  /** Frames sent in the current second and in the one before (see pacingFramesPerSecond). */
  private frames = { windowStart: 0, current: 0, previous: 0 }

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly connections: ReadonlySet<Conn>,
    intervalMs: number,
    private readonly send: (conn: Conn, message: Uint8Array) => void,
    /** Frames a second from which broadcasts are paced; 0 paces always (DEFAULT_PACING_FRAMES_PER_SECOND). */
    private readonly pacingFramesPerSecond: number,
  ) {
    const isBusy = () => this.isBusy()
    this.updatePacer = new BroadcastPacer(intervalMs, () => this.flushUpdates(), undefined, isBusy)
    this.awarenessPacer = new BroadcastPacer(intervalMs, () => this.flushAwareness(), undefined, isBusy)
  }

  /** Queues a durable change; `origin` already has it (undefined: a change of the server's own). */
  queueUpdate(update: Uint8Array, origin: Conn | undefined): void {
    if (!this.outgoing) {
      this.outgoing = { updates: [], origins: new Set() }
      this.updatePacer.request()
    }
    this.outgoing.updates.push(update)
    this.outgoing.origins.add(origin)
  }

  /**
   * Queues awareness changes. `timedOut` states may come back at the same clock (re-announced by
   * their server after a cluster outage), and y-protocols ignores an equal clock unless the entry is
   * forgotten: so these go out at once, and then the removed ones are forgotten.
   */
  queueAwareness(changed: number[], removed: number[], timedOut: boolean): void {
    if (timedOut) {
      const message = this.encodeAwarenessOf(changed)
      for (const id of removed) this.awareness.meta.delete(id)
      for (const id of changed) this.outgoingAwareness.delete(id)
      for (const conn of this.connections) this.send(conn, message)
      return
    }
    for (const id of changed) this.outgoingAwareness.add(id)
    this.awarenessPacer.request()
  }

  /** The awareness states of `clients` as one socket message. */
  encodeAwarenessOf(clients: number[]): Uint8Array {
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }

  /** Sends queued changes now (before a room closes). */
  flushUpdatesNow(): void {
    this.updatePacer.flushNow()
  }

  cancelAwareness(): void {
    this.awarenessPacer.cancel()
  }

  cancel(): void {
    this.updatePacer.cancel()
    this.awarenessPacer.cancel()
  }

  private isBusy(): boolean {
    this.rollFrameWindow()
    return Math.max(this.frames.current, this.frames.previous) >= this.pacingFramesPerSecond
  }

  private countFrames(n: number): void {
    this.rollFrameWindow()
    this.frames.current += n
  }

  private rollFrameWindow(): void {
    const now = performance.now()
    if (now - this.frames.windowStart < 1_000) return
    // A window with nothing sent in the second before it starts from zero.
    this.frames = { windowStart: now, current: 0, previous: now - this.frames.windowStart < 2_000 ? this.frames.current : 0 }
  }

  private flushUpdates(): void {
    const batch = this.outgoing
    this.outgoing = null
    if (!batch || batch.updates.length === 0) return
    const message = encodeSyncUpdate(batch.updates.length === 1 ? batch.updates[0] : Y.mergeUpdates(batch.updates))
    // A lone origin already has its own change; with several, each needs the others' changes.
    // (A batch from the server itself has origin undefined and skips nobody.)
    const skip = batch.origins.size === 1 ? batch.origins.values().next().value : undefined
    for (const conn of this.connections) if (conn !== skip) this.send(conn, message)
    this.countFrames(this.connections.size)
  }

  private flushAwareness(): void {
    const ids = [...this.outgoingAwareness].filter((id) => this.awareness.meta.has(id))
    this.outgoingAwareness.clear()
    if (ids.length === 0) return
    const message = this.encodeAwarenessOf(ids)
    for (const conn of this.connections) this.send(conn, message)
    this.countFrames(this.connections.size)
  }
}
