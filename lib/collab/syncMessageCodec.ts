import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { isDocumentRefusal, type DocumentRefusal } from './describeDocumentRefusal'
import { MessageType, SyncStep } from './syncMessages'

/**
 * Encoding and decoding of every message on the sync socket (see syncMessages.ts for what each
 * means), for both ends: the server's Room and the browser's connection. Only lib0's varint
 * framing: the Yjs payloads inside stay opaque bytes here.
 */

/** A message a client sent that cannot be read; the server closes that one connection. */
export class MalformedMessageError extends Error {}

/** A message from a client, decoded. Payloads are Yjs updates, state vectors or awareness updates. */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }
  | { type: 'vote-key-request'; voteId: string }
  | { type: 'hidden-dot'; voteId: string; slot: number; noteId: string }

/** Reads one client message; throws MalformedMessageError for anything truncated or unknown. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data)
  const messageType = read(() => decoding.readVarUint(decoder), 'empty or truncated message')
  switch (messageType) {
    case MessageType.SYNC: {
      const [step, payload] = read(() => [decoding.readVarUint(decoder), decoding.readVarUint8Array(decoder)] as const, 'truncated sync message')
      if (step === SyncStep.STEP_1) return { type: 'sync-step-1', stateVector: payload }
      // A client's step 2 is its missing updates: to the server the same as an update.
      if (step === SyncStep.STEP_2 || step === SyncStep.UPDATE) return { type: 'sync-update', update: payload }
      throw new MalformedMessageError(`unknown sync message type ${step}`)
    }
    case MessageType.AWARENESS:
      return { type: 'awareness', update: read(() => decoding.readVarUint8Array(decoder), 'bad awareness message') }
    case MessageType.QUERY_AWARENESS:
      return { type: 'query-awareness' }
    case MessageType.AUTH:
      return { type: 'auth' }
    case MessageType.VOTE_KEY_REQUEST:
      return { type: 'vote-key-request', voteId: read(() => decoding.readVarString(decoder), 'bad vote key request') }
    case MessageType.HIDDEN_DOT: {
      const [voteId, slot, noteId] = read(() => [decoding.readVarString(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)] as const, 'bad hidden dot')
      return { type: 'hidden-dot', voteId, slot, noteId }
    }
    default:
      throw new MalformedMessageError(`unknown message type ${messageType}`)
  }
}

function read<T>(fn: () => T, what: string): T {
  try {
    return fn()
  } catch {
    throw new MalformedMessageError(what)
  }
}

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.SYNC)
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })
}

/** Sync step 1: the sender's state vector, asking for what it is missing. */
export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SyncStep.STEP_1, stateVector)
/** Sync step 2: the update the other side is missing. */
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SyncStep.STEP_2, update)
/** A document update (a broadcast). */
export const encodeSyncUpdate = (update: Uint8Array) => encodeSync(SyncStep.UPDATE, update)

/** An awareness update (y-protocols' encodeAwarenessUpdate output) as a socket message. */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.AWARENESS)
    encoding.writeVarUint8Array(e, awarenessUpdate)
  })
}

/** SAVED: the server's state vector once everything in the room is stored. */
export function encodeSaved(stateVector: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.SAVED)
    encoding.writeVarUint8Array(e, stateVector)
  })
}

export function encodeStorageError(reason: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.STORAGE_ERROR)
    encoding.writeVarString(e, reason)
  })
}

export function encodeRefused(reason: DocumentRefusal, limit: number): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.REFUSED)
    encoding.writeVarString(e, reason)
    encoding.writeVarUint(e, Math.max(0, Math.floor(limit)))
  })
}

export function encodeVoteKey(voteId: string, key: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.VOTE_KEY)
    encoding.writeVarString(e, voteId)
    encoding.writeVarString(e, key)
  })
}

export function encodeVoteKeyRequest(voteId: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.VOTE_KEY_REQUEST)
    encoding.writeVarString(e, voteId)
  })
}

/** Places (or, with noteId '', takes back) the dot in `slot` of a hidden vote. */
export function encodeHiddenDot(voteId: string, slot: number, noteId: string): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.HIDDEN_DOT)
    encoding.writeVarString(e, voteId)
    encoding.writeVarUint(e, slot)
    encoding.writeVarString(e, noteId)
  })
}

// The browser's readers get a decoder already past the message type (y-websocket's messageHandlers).

/** SAVED's encoded state vector. */
export const readSaved = (decoder: decoding.Decoder): Uint8Array => decoding.readVarUint8Array(decoder)
export const readStorageError = (decoder: decoding.Decoder): string => decoding.readVarString(decoder)

/** REFUSED's reason and limit; undefined for a reason this client does not know. */
export function readRefused(decoder: decoding.Decoder): { reason: DocumentRefusal; limit: number } | undefined {
  const reason = decoding.readVarString(decoder)
  const limit = decoding.readVarUint(decoder)
  return isDocumentRefusal(reason) ? { reason, limit } : undefined
}

export function readVoteKey(decoder: decoding.Decoder): { voteId: string; key: string } {
  const voteId = decoding.readVarString(decoder)
  return { voteId, key: decoding.readVarString(decoder) }
}
