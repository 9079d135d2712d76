import { describe, expect, it } from 'vitest'
import { HashQueue, HashQueueFullError } from './HashQueue'

describe('HashQueue', () => {
  it('runs at most `concurrency` tasks at once, queues `maxWaiting`, and refuses the rest at once', async () => {
    const queue = new HashQueue(2, 3)
    let running = 0
    let peak = 0
    const release: (() => void)[] = []
    const task = () =>
      new Promise<string>((resolve) => {
        running++
        peak = Math.max(peak, running)
        release.push(() => {
          running--
          resolve('done')
        })
      })
    const results = Array.from({ length: 8 }, () => queue.run(task).catch((err: unknown) => err))
    const settled = await Promise.all(results.slice(5))
    expect(settled.every((e) => e instanceof HashQueueFullError && e.retryAfterS >= 1)).toBe(true)
    expect(running).toBe(2)
    while (release.length) {
      release.shift()!()
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(await Promise.all(results.slice(0, 5))).toEqual(['done', 'done', 'done', 'done', 'done'])
    expect(peak).toBe(2)
  })
})
