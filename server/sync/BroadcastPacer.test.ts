import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BroadcastPacer } from './BroadcastPacer'

describe('BroadcastPacer', () => {
  let clock = 0
  let runs: number[]
  let pacer: BroadcastPacer

  beforeEach(() => {
    vi.useFakeTimers()
    clock = 0
    runs = []
    pacer = new BroadcastPacer(10, () => runs.push(clock), () => clock)
  })
  afterEach(() => vi.useRealTimers())

  const advance = async (ms: number) => {
    clock += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  it('broadcasts the first change after a quiet spell on the next turn, without waiting', async () => {
    pacer.request()
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toEqual([0])
  })

  it('gathers changes that come faster than the interval into one broadcast at its end', async () => {
    pacer.request()
    await advance(0)
    await advance(2)
    pacer.request()
    await advance(3)
    pacer.request()
    pacer.request()
    expect(runs).toEqual([0])
    await advance(4)
    expect(runs).toEqual([0])
    await advance(1)
    expect(runs).toEqual([0, 10])
    // Nothing more was asked for: nothing more runs.
    await advance(50)
    expect(runs).toEqual([0, 10])
  })

  it('flushes at once when asked and forgets the scheduled broadcast', async () => {
    pacer.request()
    await advance(0)
    pacer.request()
    pacer.flushNow()
    expect(runs).toEqual([0, 0])
    await advance(20)
    expect(runs).toEqual([0, 0])
  })

  it('runs nothing after cancel', async () => {
    pacer.request()
    pacer.cancel()
    await advance(20)
    expect(runs).toEqual([])
  })

  it('sends every change on the next turn while the room is not busy, and paces again once it is', async () => {
    let busy = false
    pacer = new BroadcastPacer(10, () => runs.push(clock), () => clock, () => busy)
    pacer.request()
    await advance(0)
    await advance(2)
    pacer.request()
    await advance(0)
    expect(runs).toEqual([0, 2])
    busy = true
    await advance(1)
    pacer.request()
    await advance(0)
    expect(runs).toEqual([0, 2])
    await advance(9)
    expect(runs).toEqual([0, 2, 12])
  })
})
