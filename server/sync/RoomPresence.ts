import * as awarenessProtocol from 'y-protocols/awareness'
import { MalformedMessageError } from '../../lib/collab/syncMessageCodec'
import { applyClientAwareness } from './applyClientAwareness'
import type { Connection } from './Connection'
import type { RoomBroadcast } from './RoomBroadcast'

/** The origin of awareness changes that come from another server process. */
export const REMOTE_AWARENESS_ORIGIN = Symbol('remote awareness')

/**
 * A room's presence (cursors, names): which connection owns which awareness client id, what this
 * process's clients tell, what other processes' clients tell, and who goes out to whom.
 */
export class RoomPresence {
  /** Which connection owns each awareness client id of this server's clients. */
  private readonly owners = new Map<number, Connection>()

  constructor(
    readonly awareness: awarenessProtocol.Awareness,
    private readonly connections: ReadonlySet<Connection>,
    private readonly broadcast: RoomBroadcast<Connection>,
    /** Sends this process's clients' changes to the other processes. */
    private readonly publish: (update: Uint8Array) => void,
    private readonly log: (message: string, context?: Record<string, unknown>) => void,
  ) {
    // The local awareness state of the server itself is not a participant.
    awareness.setLocalState(null)
    awareness.on('update', this.onUpdate)
  }

  /** A client's awareness message (see applyClientAwareness); throws MalformedMessageError if unreadable. */
  applyFromClient(conn: Connection, update: Uint8Array): void {
    try {
      applyClientAwareness(this.awareness, update, conn, this.owners)
    } catch (err) {
      throw new MalformedMessageError(`bad awareness message: ${String(err)}`)
    }
  }

  /** Every state as one socket message, or undefined when nobody is here. */
  encodeAll(): Uint8Array | undefined {
    const states = this.awareness.getStates()
    return states.size > 0 ? this.broadcast.encodeAwarenessOf(Array.from(states.keys())) : undefined
  }

  /** A connection closed: its states go, for everyone. */
  remove(conn: Connection): void {
    for (const id of conn.awarenessIds) if (this.owners.get(id) === conn) this.owners.delete(id)
    awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), null)
  }

  /** An awareness update from another server's clients. */
  receiveRemote(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_AWARENESS_ORIGIN)
    } catch (err) {
      this.log('skipped unreadable remote awareness update', { error: String(err) })
    }
  }

  /** The states of this server's own clients, encoded (for another process that asks, or after an outage). */
  encodeLocal(): Uint8Array | undefined {
    const ids = new Set<number>()
    const states = this.awareness.getStates()
    for (const conn of this.connections) for (const id of conn.awarenessIds) if (states.has(id)) ids.add(id)
    return ids.size > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(ids)) : undefined
  }

  private onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const changed = added.concat(updated, removed)
    this.broadcast.queueAwareness(changed, removed, origin === 'timeout')
    // Other servers learn of this server's clients (their changes, and their leaving); states that
    // came from another server, or timed out here, are every server's own business.
    if (origin !== REMOTE_AWARENESS_ORIGIN && origin !== 'timeout') this.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
  }
}
