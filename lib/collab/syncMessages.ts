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
} as const

/** Query parameter by which a client asks for SAVED acknowledgements. */
export const ACK_PARAM = 'ack'
