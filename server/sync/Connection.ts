import type { WebSocket } from 'ws'
import type { Role } from '../../lib/collab/roles'

/** One client's socket in a room. */
export interface Connection {
  socket: WebSocket
  /** Whether this client may change the document (viewers may not). */
  canWrite: boolean
  role: Role
  /** Who placed a vote or wrote a note: the user id, or `token:<name>` for tokens without one. */
  userId: string
  /** The person's name, as the server knows it: stamped into their presence and into the notes this connection creates. */
  name: string
  /** Whether the client asked for SAVED acknowledgements. */
  wantsAck: boolean
  /**
   * Awareness client ids this connection owns (see applyClientAwareness), removed when it closes.
   * Fixed by its first awareness message that sets a state (`awarenessClaimed`).
   */
  awarenessIds: Set<number>
  awarenessClaimed: boolean
}

/** Sends a message unless the socket is closing; a failed send drops the socket. */
export function send(conn: Connection, message: Uint8Array): void {
  const socket = conn.socket
  if (socket.readyState !== socket.OPEN) return
  socket.send(message, (err) => {
    if (err) socket.terminate()
  })
}

export function closeConnection(conn: Connection, code: number, reason: string): void {
  if (conn.socket.readyState === conn.socket.OPEN) conn.socket.close(code, reason)
}

