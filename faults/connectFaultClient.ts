import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { ACK_PARAM, MessageType } from '../lib/collab/syncMessages'
import type { BoardRecord } from '../lib/tldraw/records'

export interface FaultClientOptions {
  /** Ask for SAVED acknowledgements (the server's state vector once a change is durable). */
  ack?: boolean
  /** Publish a presence (awareness) state, as a browser does. */
  presence?: boolean
  /** Longest wait between reconnect attempts, ms (the stock default is 2,500). */
  maxBackoffTime?: number
  onAck?: (stateVector: Map<number, number>) => void
}

export type FaultClient = ReturnType<typeof connectFaultClient>

/** A stock y-websocket client on a board, with a sync token, reading SAVED acks. */
export function connectFaultClient(port: number, boardId: string, token: string, options: FaultClientOptions = {}) {
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  if (!options.presence) awareness.setLocalState(null)
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.ack === false ? { token } : { token, [ACK_PARAM]: '1' },
    awareness,
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 500,
  })
  let acked = new Map<number, number>()
  provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
    acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
    options.onAck?.(acked)
  }
  provider.messageHandlers[MessageType.STORAGE_ERROR] = () => {}
  provider.messageHandlers[MessageType.REFUSED] = () => {}
  const records = new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY))
  return {
    doc,
    provider,
    records,
    /** Whether the server has acknowledged everything this client wrote. */
    isAcked: () => (acked.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** The records of a document as a plain object, for comparing documents. */
export function getRecordMap(records: YKeyValue<BoardRecord>): Record<string, BoardRecord> {
  return Object.fromEntries([...records.map.entries()].map(([k, v]) => [k, v.val]).sort(([a], [b]) => (a < b ? -1 : 1)))
}
