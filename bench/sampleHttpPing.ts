const PING_TIMEOUT_MS = 10_000

export interface PingSamples {
  /** Round trips that got an answer, ms. */
  times: number[]
  /** Requests that failed or got no answer within 10 s. */
  failures: number
}

/**
 * Times a small HTTP request to a server every `everyMs` (one at a time) until stopped: how long
 * the server's event loop takes to answer while it is under load.
 */
export function sampleHttpPing(url: string, everyMs = 250): () => Promise<PingSamples> {
  const samples: PingSamples = { times: [], failures: 0 }
  let stopped = false
  let inFlight: Promise<void> = Promise.resolve()
  const ping = async () => {
    const started = performance.now()
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(PING_TIMEOUT_MS) })
      await res.arrayBuffer()
      samples.times.push(performance.now() - started)
    } catch {
      samples.failures++
    }
  }
  const timer = setInterval(() => {
    if (!stopped) inFlight = inFlight.then(ping)
  }, everyMs)
  return async () => {
    stopped = true
    clearInterval(timer)
    await inFlight
    return samples
  }
}
