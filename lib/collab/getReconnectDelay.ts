/** First retry waits up to this long; each failed attempt doubles the ceiling. */
export const RECONNECT_BASE_MS = 500
export const RECONNECT_MAX_MS = 15_000

/**
 * "Full jitter" backoff: a random delay between 0 and min(max, base · 2^attempt). When a server
 * restarts, 300 clients then return spread over seconds instead of in the same millisecond (the
 * stock y-websocket client has no jitter). `random` is passed in so the result is testable.
 */
export function getReconnectDelay(attempt: number, random: () => number, baseMs = RECONNECT_BASE_MS, maxMs = RECONNECT_MAX_MS): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.floor(random() * ceiling)
}
