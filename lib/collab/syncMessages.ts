/**
 * Message types on the sync socket. 0-3 are the standard y-websocket protocol; ours start at 100
 * so a stock client (which ignores unknown types) keeps working.
 */
export const MessageType = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
  /** Server -> client, after an update from that client is durable: the server's state vector. */
  SAVED: 100,
  /**
   * Server -> client, when a change from that client could not be stored (disk full, database
   * error): a short reason string. The change is kept in the room and retried; it is neither
   * broadcast nor acknowledged (SAVED) until it is durable.
   */
  STORAGE_ERROR: 101,
  /**
   * Server -> client, when the server undid part of a change from that client: a reason
   * (`DocumentRefusal`, lib/collab/describeDocumentRefusal.ts) as a string, then the limit that
   * applied as a varuint (0 when none). The undo itself arrives as an ordinary sync update.
   */
  REFUSED: 102,
} as const

/** Query parameter by which a client asks for SAVED acknowledgements. */
export const ACK_PARAM = 'ack'
