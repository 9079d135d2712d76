import { encodeSaved, encodeStorageError } from '../../lib/collab/syncMessageCodec'
import { send, type Connection } from './Connection'

/**
 * What in a room waits for its changes to be stored: SAVED acknowledgements, sync replies held
 * back (they would carry state that is not durable), and who was told that storing fails.
 */
export class StoredWaiters {
  /** Clients waiting for a SAVED acknowledgement, sent once nothing in the room is unsaved. */
  private readonly waitingForAck = new Set<Connection>()
  private heldReplies: (() => void)[] = []
  /** Clients told STORAGE_ERROR since storage last worked (each is told once). */
  private readonly toldUnsaved = new Set<Connection>()

  waitForAck(conn: Connection): void {
    this.waitingForAck.add(conn)
  }

  /** Holds a sync reply until everything is stored, and tells its client why it waits. */
  holdReply(conn: Connection, reply: () => void): void {
    this.heldReplies.push(reply)
    this.tellUnsaved(conn, 'storage error')
  }

  /** Tells a client, once per storage outage, that changes are not being saved. */
  tellUnsaved(conn: Connection, reason: string): void {
    if (this.toldUnsaved.has(conn)) return
    this.toldUnsaved.add(conn)
    send(conn, encodeStorageError(`changes are not being saved (${reason})`))
  }

  forget(conn: Connection): void {
    this.waitingForAck.delete(conn)
    this.toldUnsaved.delete(conn)
  }

  /**
   * Nothing in the room is unsaved: acknowledge with the document's state vector (it covers the
   * whole document, so it may only go out now) and send the held replies.
   */
  allStored(stateVector: () => Uint8Array): void {
    this.toldUnsaved.clear()
    if (this.waitingForAck.size > 0) {
      const saved = encodeSaved(stateVector())
      for (const conn of this.waitingForAck) send(conn, saved)
      this.waitingForAck.clear()
    }
    const held = this.heldReplies
    this.heldReplies = []
    for (const reply of held) reply()
  }
}
