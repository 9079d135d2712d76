import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import {
  decodeClientMessage,
  encodeHiddenDot,
  encodeRefused,
  encodeSaved,
  encodeStorageError,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeVoteKey,
  encodeVoteKeyRequest,
  MalformedMessageError,
  readRefused,
  readSaved,
  readStorageError,
  readVoteKey,
} from './syncMessageCodec'
import { MessageType } from './syncMessages'

/** What a stock y-protocols client would send. */
function stockSync(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SYNC)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A decoder past the message type, as y-websocket hands it to a message handler. */
function pastType(message: Uint8Array, type: number): decoding.Decoder {
  const decoder = decoding.createDecoder(message)
  expect(decoding.readVarUint(decoder)).toBe(type)
  return decoder
}

describe('syncMessageCodec', () => {
  const doc = new Y.Doc()
  doc.getMap('m').set('a', 1)
  const update = Y.encodeStateAsUpdate(doc)
  const stateVector = Y.encodeStateVector(doc)

  it.each([
    ['a stock sync step 1', stockSync((e) => syncProtocol.writeSyncStep1(e, doc)), { type: 'sync-step-1', stateVector }],
    ['a stock sync step 2', stockSync((e) => syncProtocol.writeSyncStep2(e, doc)), { type: 'sync-update', update }],
    ['a stock update', stockSync((e) => syncProtocol.writeUpdate(e, update)), { type: 'sync-update', update }],
    ['a vote key request', encodeVoteKeyRequest('vote-1'), { type: 'vote-key-request', voteId: 'vote-1' }],
    ['a hidden dot', encodeHiddenDot('vote-1', 2, 'shape:n'), { type: 'hidden-dot', voteId: 'vote-1', slot: 2, noteId: 'shape:n' }],
    ['a query for awareness', new Uint8Array([MessageType.QUERY_AWARENESS]), { type: 'query-awareness' }],
    ['an auth message', new Uint8Array([MessageType.AUTH, 0]), { type: 'auth' }],
  ])('decodes %s', (_what, message, expected) => {
    expect(decodeClientMessage(message)).toEqual(expected)
  })

  it.each([
    ['an empty message', new Uint8Array([]), 'empty or truncated message'],
    ['an unknown type', new Uint8Array([77]), 'unknown message type 77'],
    ['a truncated sync message', new Uint8Array([MessageType.SYNC, 0, 9, 1]), 'truncated sync message'],
    ['an unknown sync step', stockSync((e) => {
      encoding.writeVarUint(e, 7)
      encoding.writeVarUint8Array(e, update)
    }), 'unknown sync message type 7'],
    ['a truncated hidden dot', encodeHiddenDot('vote-1', 2, 'shape:n').slice(0, 6), 'bad hidden dot'],
  ])('refuses %s with MalformedMessageError', (_what, message, reason) => {
    expect(() => decodeClientMessage(message)).toThrow(new MalformedMessageError(reason))
  })

  it('writes sync messages a stock client reads', () => {
    const copy = new Y.Doc()
    for (const message of [encodeSyncStep2(update), encodeSyncUpdate(update)]) {
      const decoder = pastType(message, MessageType.SYNC)
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), copy, 'server')
    }
    expect(copy.getMap('m').toJSON()).toEqual({ a: 1 })
    const step1 = pastType(encodeSyncStep1(stateVector), MessageType.SYNC)
    const reply = encoding.createEncoder()
    syncProtocol.readSyncMessage(step1, reply, copy, 'server')
    expect(encoding.length(reply)).toBeGreaterThan(0)
  })

  it('round-trips the messages of our own types', () => {
    expect(readSaved(pastType(encodeSaved(stateVector), MessageType.SAVED))).toEqual(stateVector)
    expect(readStorageError(pastType(encodeStorageError('DISK_FULL'), MessageType.STORAGE_ERROR))).toBe('DISK_FULL')
    expect(readRefused(pastType(encodeRefused('note-too-long', 20_000.7), MessageType.REFUSED))).toEqual({ reason: 'note-too-long', limit: 20_000 })
    expect(readVoteKey(pastType(encodeVoteKey('vote-1', 'k3y'), MessageType.VOTE_KEY))).toEqual({ voteId: 'vote-1', key: 'k3y' })
  })
})
