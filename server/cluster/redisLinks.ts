import Redis from 'ioredis'

export type Log = (message: string, context?: Record<string, unknown>) => void

/** How often each link is pinged; a link that does not answer in time is reconnected (half-open TCP). */
export const LINK_CHECK_MS = 15_000
export const LINK_TIMEOUT_MS = 5_000

/** The two links a process keeps to Redis. */
export function openRedisLinks(url: string): { pub: Redis; sub: Redis } {
  return {
    /** Publishes only; fails fast while disconnected instead of queueing (the resync covers it). */
    pub: new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: LINK_TIMEOUT_MS, connectionName: 'journey-board-pub' }),
    /** Subscribes only; re-subscribes by itself after a reconnect. No retry limit: ioredis would otherwise drop queued SUBSCRIBEs after ~20 failed reconnects. */
    sub: new Redis(url, { maxRetriesPerRequest: null, connectionName: 'journey-board-sub' }),
  }
}

/**
 * Logs a link going down once (ioredis reports every failed retry) and, when it comes back after
 * start-up (`isStarted`), runs `onBack`.
 */
export function watchLink(link: Redis, name: string, log: Log, isClosed: () => boolean, isStarted: () => boolean, onBack: (wasReported: boolean) => void): void {
  let up = false
  let reported = false
  link.on('error', (err: Error) => {
    if (reported || isClosed()) return
    reported = true
    log('redis link down: retrying', { link: name, error: String(err.message ?? err) })
  })
  link.on('close', () => {
    up = false
  })
  link.on('ready', () => {
    const wasReported = reported
    reported = false
    if (up || isClosed()) return
    up = true
    if (isStarted()) onBack(wasReported)
  })
}

/** Pings a link that claims to be up; one that does not answer (half-open TCP) is reconnected. */
export function checkLink(link: Redis, log: Log, isClosed: () => boolean): void {
  if (isClosed() || link.status !== 'ready') return
  withTimeout(link.ping(), LINK_TIMEOUT_MS, 'no answer to ping').catch((err: Error) => {
    if (isClosed() || link.status !== 'ready') return
    log('redis link not answering: reconnecting', { error: err.message })
    link.disconnect(true)
  })
}

/**
 * Closes a link: politely when it is up, and briefly. A link that is down would hold quit() behind
 * its queue for as long as Redis stays away, and a shutdown must not wait for Redis.
 */
export async function closeLink(link: Redis): Promise<void> {
  if (link.status === 'ready') await withTimeout(link.quit(), 1_000, 'quit timed out').catch(() => undefined)
  link.disconnect()
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}
