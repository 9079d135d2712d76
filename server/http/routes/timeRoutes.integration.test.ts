import { afterEach, describe, expect, it } from 'vitest'
import { makeDataDir, startInProcessServer } from '../../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

describe('GET /api/time', () => {
  it("answers the server's clock in ms, without signing in", async () => {
    const server = await startInProcessServer(makeDataDir())
    cleanups.push(() => server.close())
    const before = Date.now()
    const res = await fetch(`http://127.0.0.1:${server.port}/api/time`)
    const after = Date.now()
    expect(res.status).toBe(200)
    const { now } = (await res.json()) as { now: number }
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(after)
  })
})
