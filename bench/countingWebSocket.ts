import WebSocket from 'ws'

/** Payload bytes on the sync sockets of one process, by y-websocket message type (framing not counted). */
export interface WireCounters {
  docRx: number
  awarenessRx: number
  otherRx: number
  docTx: number
  awarenessTx: number
  otherTx: number
}

export function createWireCounters(): WireCounters {
  return { docRx: 0, awarenessRx: 0, otherRx: 0, docTx: 0, awarenessTx: 0, otherTx: 0 }
}

/** y-websocket message types: 0 sync (document), 1 awareness; anything else (auth, acks) is "other". */
function count(counters: WireCounters, direction: 'Rx' | 'Tx', bytes: Uint8Array): void {
  const type = bytes[0]
  const key = type === 0 ? `doc${direction}` : type === 1 ? `awareness${direction}` : `other${direction}`
  counters[key as keyof WireCounters] += bytes.byteLength
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]))
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new TextEncoder().encode(String(data))
}

/**
 * A `ws` WebSocket class for y-websocket's `WebSocketPolyfill` option that counts every payload sent
 * and received into `counters`.
 */
export function makeCountingWebSocket(counters: WireCounters): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols)
      this.on('message', (data: unknown) => count(counters, 'Rx', toBytes(data)))
      const send = this.send.bind(this) as (...args: unknown[]) => void
      this.send = ((data: unknown, ...rest: unknown[]) => {
        count(counters, 'Tx', toBytes(data))
        send(data, ...rest)
      }) as WebSocket['send']
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket
}
