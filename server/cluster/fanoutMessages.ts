import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What one server process tells the others over Redis. Binary (lib0 encoding), because document
 * and awareness updates are binary and are forwarded as they are.
 */
export type FanoutMessage =
  /**
   * A change to a board's document. `seq` is the stored row it is exactly equal to, so receivers
   * can count that row as applied; null for a change that is only part of a row (a compacted state).
   */
  | { kind: 'update'; from: string; boardId: string; seq: number | null; update: Uint8Array }
  /** An awareness update (cursors, names, who left) of clients connected to the sender. */
  | { kind: 'awareness'; from: string; boardId: string; update: Uint8Array }
  /** The sender just opened the board: processes with clients on it send their awareness states. */
  | { kind: 'awareness-query'; from: string; boardId: string }
  /** The sender's link to Redis came back: everyone re-reads stored rows they may have missed. */
  | { kind: 'resync'; from: string }
  /** Close a user's sockets to a board (removed member, changed role), or everyone's (userId null). */
  | { kind: 'close'; from: string; boardId: string; userId: string | null; code: number; reason: string; boardDeleted: boolean }

const KIND = { update: 0, awareness: 1, resync: 2, close: 3, 'awareness-query': 4 } as const

export function encodeFanoutMessage(message: FanoutMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, KIND[message.kind])
  encoding.writeVarString(e, message.from)
  switch (message.kind) {
    case 'update':
      encoding.writeVarString(e, message.boardId)
      // 0 stands for "no row": stored sequence numbers start at 1.
      encoding.writeVarUint(e, message.seq ?? 0)
      encoding.writeVarUint8Array(e, message.update)
      break
    case 'awareness':
      encoding.writeVarString(e, message.boardId)
      encoding.writeVarUint8Array(e, message.update)
      break
    case 'awareness-query':
      encoding.writeVarString(e, message.boardId)
      break
    case 'resync':
      break
    case 'close':
      encoding.writeVarString(e, message.boardId)
      encoding.writeVarString(e, message.userId ?? '')
      encoding.writeVarUint(e, message.code)
      encoding.writeVarString(e, message.reason)
      encoding.writeUint8(e, message.boardDeleted ? 1 : 0)
      break
  }
  return encoding.toUint8Array(e)
}

/** Reads a message; throws on anything truncated or unknown (the caller logs and drops it). */
export function decodeFanoutMessage(data: Uint8Array): FanoutMessage {
  const d = decoding.createDecoder(data)
  const kind = decoding.readVarUint(d)
  const from = decoding.readVarString(d)
  let message: FanoutMessage
  switch (kind) {
    case KIND.update: {
      const boardId = decoding.readVarString(d)
      const seq = decoding.readVarUint(d)
      message = { kind: 'update', from, boardId, seq: seq === 0 ? null : seq, update: decoding.readVarUint8Array(d) }
      break
    }
    case KIND.awareness:
      message = { kind: 'awareness', from, boardId: decoding.readVarString(d), update: decoding.readVarUint8Array(d) }
      break
    case KIND['awareness-query']:
      message = { kind: 'awareness-query', from, boardId: decoding.readVarString(d) }
      break
    case KIND.resync:
      message = { kind: 'resync', from }
      break
    case KIND.close: {
      const boardId = decoding.readVarString(d)
      const userId = decoding.readVarString(d)
      const code = decoding.readVarUint(d)
      const reason = decoding.readVarString(d)
      message = { kind: 'close', from, boardId, userId: userId || null, code, reason, boardDeleted: decoding.readUint8(d) === 1 }
      break
    }
    default:
      throw new Error(`unknown fan-out message kind ${kind}`)
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after a fan-out message')
  return message
}
