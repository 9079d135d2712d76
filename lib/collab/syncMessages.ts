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
  /**
   * Client -> server, while a hidden vote is open: asks for this person's voter key of the vote
   * (varString vote id). The server answers VOTE_KEY if the vote is open and hidden and the person
   * may vote; otherwise nothing. See lib/collab/voteSeal.ts.
   */
  VOTE_KEY_REQUEST: 103,
  /** Server -> client: varString vote id, varString voter key (base64url, 32 bytes). */
  VOTE_KEY: 104,
  /**
   * Client -> server: places or takes back one dot of a hidden vote (varString vote id, varUint
   * slot, varString note id, '' to take the slot's dot back). The server writes the entry; a dot it
   * refuses (not open, not hidden, over the budget, not a note) is dropped.
   */
  HIDDEN_DOT: 105,
} as const

/** The sub-types of a SYNC message (y-protocols/sync's messageYjsSyncStep1, …Step2, …Update). */
export const SyncStep = {
  STEP_1: 0,
  STEP_2: 1,
  UPDATE: 2,
} as const

/** Query parameter by which a client asks for SAVED acknowledgements. */
export const ACK_PARAM = 'ack'
