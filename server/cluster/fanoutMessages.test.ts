import { describe, expect, it } from 'vitest'
import { decodeFanoutMessage, encodeFanoutMessage, type FanoutMessage } from './fanoutMessages'

const samples: FanoutMessage[] = [
  { kind: 'update', from: 'instance-a', boardId: 'b1', seq: 42, update: new Uint8Array([1, 2, 3]) },
  { kind: 'update', from: 'instance-a', boardId: 'b1', seq: null, update: new Uint8Array([0, 0]) },
  { kind: 'awareness', from: 'instance-b', boardId: 'b2', update: new Uint8Array([9, 8]) },
  { kind: 'resync', from: 'instance-c' },
  { kind: 'awareness-query', from: 'instance-c', boardId: 'b4' },
  { kind: 'close', from: 'i', boardId: 'b3', userId: 'user-1', code: 4403, reason: 'removed from the board', boardDeleted: false },
  { kind: 'close', from: 'i', boardId: 'b3', userId: null, code: 4404, reason: 'board deleted', boardDeleted: true },
]

describe('fan-out messages', () => {
  it.each(samples.map((m) => [m.kind, m] as const))('round-trips a %s message', (_kind, message) => {
    expect(decodeFanoutMessage(encodeFanoutMessage(message))).toEqual(message)
  })

  it('refuses truncated, unknown and padded messages', () => {
    const full = encodeFanoutMessage(samples[0])
    for (let cut = 0; cut < full.length; cut++) expect(() => decodeFanoutMessage(full.slice(0, cut))).toThrow()
    expect(() => decodeFanoutMessage(new Uint8Array([7, 1, 65]))).toThrow(/unknown/)
    expect(() => decodeFanoutMessage(new Uint8Array([...encodeFanoutMessage(samples[3]), 0]))).toThrow(/trailing/)
  })
})
