import type Redis from 'ioredis'

/** A process re-announces its online users this often; an entry it stops renewing (a crash) expires. */
const PRESENCE_REFRESH_MS = 20_000
const PRESENCE_TTL_MS = 60_000

/**
 * Who has a socket to a board on any server process (the members list's "online"): a sorted set
 * per board whose members are `userId\ninstanceId`, scored by when the entry expires unless renewed.
 */
export class RedisPresence {
  /** Users with sockets to a board on this process: `boardId\nuserId` -> number of sockets. */
  private readonly local = new Map<string, number>()
  private readonly timer: NodeJS.Timeout
  private closed = false

  constructor(
    private readonly pub: Redis,
    private readonly prefix: string,
    private readonly instanceId: string,
  ) {
    this.timer = setInterval(() => this.refresh(), PRESENCE_REFRESH_MS)
    this.timer.unref()
  }

  markOnline(boardId: string, userId: string): void {
    const key = `${boardId}\n${userId}`
    const n = (this.local.get(key) ?? 0) + 1
    this.local.set(key, n)
    if (n === 1) this.announce([[boardId, userId]])
  }

  markOffline(boardId: string, userId: string): void {
    const key = `${boardId}\n${userId}`
    const n = (this.local.get(key) ?? 0) - 1
    if (n > 0) {
      this.local.set(key, n)
      return
    }
    this.local.delete(key)
    if (!this.closed) this.pub.zrem(this.key(boardId), `${userId}\n${this.instanceId}`).catch(() => undefined)
  }

  /** The users with a socket to the board on any process; throws when Redis cannot be asked. */
  async onlineUsers(boardId: string): Promise<Set<string>> {
    const entries = await this.pub.zrangebyscore(this.key(boardId), Date.now(), '+inf')
    return new Set(entries.map((e) => e.slice(0, e.lastIndexOf('\n'))))
  }

  /** Renews every entry of this process (periodically, and when the link comes back). */
  refresh(): void {
    this.announce(this.localPairs())
  }

  /** Removes this process's entries (on shutdown, while the link is still up). */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    const mine = this.localPairs()
    if (mine.length === 0 || this.pub.status !== 'ready') return
    const batch = this.pub.pipeline()
    for (const [boardId, userId] of mine) batch.zrem(this.key(boardId), `${userId}\n${this.instanceId}`)
    await batch.exec().catch(() => undefined)
  }

  private localPairs(): [boardId: string, userId: string][] {
    return Array.from(this.local.keys(), (k) => k.split('\n') as [string, string])
  }

  private key(boardId: string): string {
    return `${this.prefix}:online:${boardId}`
  }

  private announce(pairs: [boardId: string, userId: string][]): void {
    if (this.closed || pairs.length === 0) return
    const expires = Date.now() + PRESENCE_TTL_MS
    const batch = this.pub.pipeline()
    for (const [boardId, userId] of pairs) {
      const key = this.key(boardId)
      batch.zadd(key, expires, `${userId}\n${this.instanceId}`)
      // Entries of crashed processes are ignored by score; the key itself goes when nobody renews it.
      batch.zremrangebyscore(key, '-inf', Date.now())
      batch.pexpire(key, PRESENCE_TTL_MS)
    }
    batch.exec().catch(() => undefined)
  }
}
