import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IdleMemoryReleaser } from './IdleMemoryReleaser'

describe('IdleMemoryReleaser', () => {
  let clock: number
  let collections: number[]
  let releaser: IdleMemoryReleaser
  let loaded: number

  beforeEach(() => {
    vi.useFakeTimers()
    clock = 0
    collections = []
    loaded = 0
    releaser = new IdleMemoryReleaser(() => collections.push(clock), () => loaded, { quietMs: 3_000, minUnloads: 3, minIntervalMs: 60_000 }, () => clock)
  })
  afterEach(() => {
    releaser.stop()
    vi.useRealTimers()
  })

  const advance = async (ms: number) => {
    clock += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  it('collects once, after unloads have stopped for the quiet time', async () => {
    for (let i = 0; i < 5; i++) {
      releaser.roomUnloaded()
      await advance(1_000)
    }
    expect(collections).toEqual([])
    await advance(2_000)
    expect(collections).toEqual([7_000])
    await advance(120_000)
    expect(collections).toEqual([7_000])
  })

  it('does nothing after fewer unloads than the minimum', async () => {
    releaser.roomUnloaded()
    releaser.roomUnloaded()
    await advance(10_000)
    expect(collections).toEqual([])
    // The count carries on: one more makes a wave.
    releaser.roomUnloaded()
    await advance(3_000)
    expect(collections).toEqual([13_000])
  })

  it('waits for the minimum interval between two collections', async () => {
    for (let i = 0; i < 3; i++) releaser.roomUnloaded()
    await advance(3_000)
    for (let i = 0; i < 3; i++) releaser.roomUnloaded()
    await advance(3_000)
    expect(collections).toEqual([3_000])
    await advance(56_999)
    expect(collections).toEqual([3_000])
    await advance(1)
    expect(collections).toEqual([3_000, 63_000])
  })

  it('leaves a busy server alone: not while more rooms are loaded than have gone', async () => {
    loaded = 4
    for (let i = 0; i < 3; i++) releaser.roomUnloaded()
    await advance(3_000)
    expect(collections).toEqual([])
    // One more goes, and the wave is now as large as what is left.
    loaded = 3
    releaser.roomUnloaded()
    await advance(3_000)
    expect(collections).toEqual([6_000])
  })

  it('is inert without a collector (the process was started without --expose-gc)', async () => {
    const inert = new IdleMemoryReleaser(undefined, () => 0)
    for (let i = 0; i < 10; i++) inert.roomUnloaded()
    await advance(100_000)
    expect(vi.getTimerCount()).toBe(0)
  })
})
