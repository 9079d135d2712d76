import { randomUUID } from 'node:crypto'
import Redis from 'ioredis'
import { redactUrl } from '../redactUrl'
import type { RoomFanout } from '../sync/Room'
import { decodeFanoutMessage, encodeFanoutMessage, type FanoutMessage } from './fanoutMessages'

/** What a loaded room takes from other server processes. */
export interface FanoutRoom {
  receiveRemoteUpdate(update: Uint8Array, seq: number | null): void
  receiveRemoteAwareness(update: Uint8Array): void
  /** This process's clients' awareness states, for a process that just opened the board. */
  encodeLocalAwareness(): Uint8Array | undefined
}

export type CloseMessage = Extract<FanoutMessage, { kind: 'close' }>

export interface FanoutEvents {
  /**
   * Messages may have been lost (this process's link to Redis, or another's, was down): every
   * loaded room should re-read its stored rows and re-announce its clients' awareness.
   */
  onResync(): void
  /** Another process closed sockets of a board (removed member, changed role, deleted board). */
  onClose(message: CloseMessage): void
}

type Log = (message: string, context?: Record<string, unknown>) => void

/** How long start-up waits for Redis before refusing to start. */
const CONNECT_TIMEOUT_MS = 10_000
/** How often each link is pinged; a link that does not answer in time is reconnected (half-open TCP). */
const LINK_CHECK_MS = 15_000
const LINK_TIMEOUT_MS = 5_000
/** A process re-announces its online users this often; an entry it stops renewing (a crash) expires. */
const PRESENCE_REFRESH_MS = 20_000
const PRESENCE_TTL_MS = 60_000

/**
 * Fan-out between server processes that serve the same boards (`REDIS_URL`), over Redis pub/sub:
 * a channel per loaded board for document and awareness updates, and one control channel.
 *
 * Pub/sub delivers at most once, so it is only the fast path. The database stays the truth: every
 * update is stored before it is published, and whenever a link to Redis comes back (this process's
 * or, announced by a `resync` message, another's) every loaded room re-reads the rows it has not
 * applied. A room also catches up once right after subscribing, to cover the moment between
 * loading its document and its subscription taking effect.
 */
export class RedisFanout implements RoomFanout {
  readonly instanceId = randomUUID()
  private readonly rooms = new Map<string, FanoutRoom>()
  private events: FanoutEvents | undefined
  private closed = false
  /** Set once connect() returns; a link coming up before that has nothing to catch up on. */
  private started = false
  /** Users with sockets to a board on this process: `boardId\nuserId` -> number of sockets. */
  private readonly localPresence = new Map<string, number>()
  private presenceTimer: NodeJS.Timeout | undefined
  private linkCheckTimer: NodeJS.Timeout | undefined

  private constructor(
    /** Publishes only; fails fast while disconnected instead of queueing (the resync covers it). */
    private readonly pub: Redis,
    /** Subscribes only; re-subscribes by itself after a reconnect. */
    private readonly sub: Redis,
    private readonly prefix: string,
    private readonly log: Log,
  ) {}

  /**
   * Connects both links and subscribes to the control channel, waiting a little for Redis. If Redis
   * cannot be reached the process starts anyway and serves its own clients; the links keep retrying
   * and, once up, every loaded room catches up. (Refusing to start would turn a Redis outage into a
   * full outage at the next deploy.)
   */
  static async connect(url: string, prefix: string, log: Log): Promise<RedisFanout> {
    const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: LINK_TIMEOUT_MS, connectionName: 'journey-board-pub' })
    // No retry limit: ioredis would otherwise drop queued SUBSCRIBEs after ~20 failed reconnects.
    const sub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'journey-board-sub' })
    const fanout = new RedisFanout(pub, sub, prefix, log)
    fanout.watchLink(pub, 'publish', () => {
      fanout.publish(fanout.controlChannel, { kind: 'resync', from: fanout.instanceId })
      fanout.refreshPresence()
    })
    // ioredis re-subscribes only to channels whose SUBSCRIBE was answered; subscribing again to all
    // is harmless, and the answer proves the subscriptions in effect before the catch-up reads.
    fanout.watchLink(sub, 'subscribe', () => sub.subscribe(fanout.controlChannel, ...Array.from(fanout.rooms.keys(), (id) => fanout.boardChannel(id))))
    sub.on('messageBuffer', (_channel: Buffer, data: Buffer) => fanout.onMessage(data))
    // Queued until the link is up; re-sent by ioredis after every reconnect.
    const subscribed = sub.subscribe(fanout.controlChannel)
    const pubReady = new Promise((resolve) => pub.once('ready', resolve))
    const reached = await withTimeout(Promise.all([pubReady, subscribed]), CONNECT_TIMEOUT_MS, 'timed out').then(
      () => true,
      () => false,
    )
    if (!reached) log('redis unreachable at start-up: serving this process alone until it is back', { redis: redactUrl(url, 'REDIS_URL') })
    fanout.started = true
    fanout.presenceTimer = setInterval(() => fanout.refreshPresence(), PRESENCE_REFRESH_MS)
    fanout.presenceTimer.unref()
    fanout.linkCheckTimer = setInterval(() => {
      fanout.checkLink(pub)
      fanout.checkLink(sub)
    }, LINK_CHECK_MS)
    fanout.linkCheckTimer.unref()
    return fanout
  }

  /** Whether both links to Redis are up (shown by /api/health). */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready'
  }

  /** Where messages for this process go (set once by the app server). */
  listen(events: FanoutEvents): void {
    this.events = events
  }

  /** Starts receiving a board's updates; resolves once the subscription is in effect. */
  async join(boardId: string, room: FanoutRoom): Promise<void> {
    this.rooms.set(boardId, room)
    await this.sub.subscribe(this.boardChannel(boardId))
    // Cursors and names of the others' clients now, not at their next renewal.
    this.publish(this.boardChannel(boardId), { kind: 'awareness-query', from: this.instanceId, boardId })
  }

  /** Stops receiving a board's updates (its room unloaded). */
  leave(boardId: string, room: FanoutRoom): void {
    if (this.rooms.get(boardId) !== room) return
    this.rooms.delete(boardId)
    if (!this.closed) this.sub.unsubscribe(this.boardChannel(boardId)).catch(() => undefined)
  }

  publishUpdate(boardId: string, update: Uint8Array, seq: number | null): void {
    this.publish(this.boardChannel(boardId), { kind: 'update', from: this.instanceId, boardId, seq, update })
  }

  publishAwareness(boardId: string, update: Uint8Array): void {
    this.publish(this.boardChannel(boardId), { kind: 'awareness', from: this.instanceId, boardId, update })
  }

  publishClose(message: Omit<CloseMessage, 'kind' | 'from'>): void {
    this.publish(this.controlChannel, { kind: 'close', from: this.instanceId, ...message })
  }

  /**
   * Presence across processes (the members list's "online"): a sorted set per board whose members
   * are `userId\ninstanceId`, scored by when the entry expires unless renewed.
   */
  markOnline(boardId: string, userId: string): void {
    const key = `${boardId}\n${userId}`
    const n = (this.localPresence.get(key) ?? 0) + 1
    this.localPresence.set(key, n)
    if (n === 1) this.announce([[boardId, userId]])
  }

  markOffline(boardId: string, userId: string): void {
    const key = `${boardId}\n${userId}`
    const n = (this.localPresence.get(key) ?? 0) - 1
    if (n > 0) {
      this.localPresence.set(key, n)
      return
    }
    this.localPresence.delete(key)
    if (!this.closed) this.pub.zrem(this.presenceKey(boardId), `${userId}\n${this.instanceId}`).catch(() => undefined)
  }

  /** The users with a socket to the board on any process; throws when Redis cannot be asked. */
  async onlineUsers(boardId: string): Promise<Set<string>> {
    const entries = await this.pub.zrangebyscore(this.presenceKey(boardId), Date.now(), '+inf')
    return new Set(entries.map((e) => e.slice(0, e.lastIndexOf('\n'))))
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.presenceTimer)
    clearInterval(this.linkCheckTimer)
    const mine = Array.from(this.localPresence.keys(), (k) => k.split('\n') as [string, string])
    if (mine.length > 0 && this.pub.status === 'ready') {
      const batch = this.pub.pipeline()
      for (const [boardId, userId] of mine) batch.zrem(this.presenceKey(boardId), `${userId}\n${this.instanceId}`)
      await batch.exec().catch(() => undefined)
    }
    // A link that is down would hold quit() behind its queue for as long as Redis stays away: a
    // shutdown must not wait for Redis, so quit politely only when up, and briefly.
    const quit = (link: Redis) => (link.status === 'ready' ? withTimeout(link.quit(), 1_000, 'quit timed out').catch(() => undefined) : undefined)
    await Promise.all([quit(this.pub), quit(this.sub)])
    this.pub.disconnect()
    this.sub.disconnect()
  }

  /** Pings a link that claims to be up; one that does not answer (half-open TCP) is reconnected. */
  private checkLink(link: Redis): void {
    if (this.closed || link.status !== 'ready') return
    withTimeout(link.ping(), LINK_TIMEOUT_MS, 'no answer to ping').catch((err: Error) => {
      if (this.closed || link.status !== 'ready') return
      this.log('redis link not answering: reconnecting', { error: err.message })
      link.disconnect(true)
    })
  }

  private presenceKey(boardId: string): string {
    return `${this.prefix}:online:${boardId}`
  }

  private refreshPresence(): void {
    this.announce(Array.from(this.localPresence.keys(), (k) => k.split('\n') as [string, string]))
  }

  private announce(pairs: [boardId: string, userId: string][]): void {
    if (this.closed || pairs.length === 0) return
    const expires = Date.now() + PRESENCE_TTL_MS
    const batch = this.pub.pipeline()
    for (const [boardId, userId] of pairs) {
      const key = this.presenceKey(boardId)
      batch.zadd(key, expires, `${userId}\n${this.instanceId}`)
      // Entries of crashed processes are ignored by score; the key itself goes when nobody renews it.
      batch.zremrangebyscore(key, '-inf', Date.now())
      batch.pexpire(key, PRESENCE_TTL_MS)
    }
    batch.exec().catch(() => undefined)
  }

  private get controlChannel(): string {
    return `${this.prefix}:control`
  }

  private boardChannel(boardId: string): string {
    return `${this.prefix}:board:${boardId}`
  }

  private publish(channel: string, message: FanoutMessage): void {
    if (this.closed) return
    // A failed publish loses nothing: the change is stored, and the others re-read it on resync.
    this.pub.publish(channel, Buffer.from(encodeFanoutMessage(message))).catch(() => undefined)
  }

  private onMessage(data: Buffer): void {
    let message: FanoutMessage
    try {
      message = decodeFanoutMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch (err) {
      this.log('dropped an unreadable fan-out message', { error: String(err) })
      return
    }
    if (message.from === this.instanceId) return
    switch (message.kind) {
      case 'update':
        this.rooms.get(message.boardId)?.receiveRemoteUpdate(message.update, message.seq)
        return
      case 'awareness':
        this.rooms.get(message.boardId)?.receiveRemoteAwareness(message.update)
        return
      case 'awareness-query': {
        const room = this.rooms.get(message.boardId)
        const awareness = room?.encodeLocalAwareness()
        if (awareness) this.publishAwareness(message.boardId, awareness)
        return
      }
      case 'resync':
        this.events?.onResync()
        return
      case 'close':
        this.events?.onClose(message)
        return
    }
  }

  /**
   * Logs a link going down once (ioredis reports every failed retry) and, when it comes back after
   * start-up, runs `onBack` and then the resync of every loaded room.
   */
  private watchLink(link: Redis, name: string, onBack: () => unknown): void {
    let up = false
    let reported = false
    link.on('error', (err: Error) => {
      if (reported || this.closed) return
      reported = true
      this.log('redis link down: retrying', { link: name, error: String(err.message ?? err) })
    })
    link.on('close', () => {
      up = false
    })
    link.on('ready', () => {
      const wasReported = reported
      reported = false
      if (up || this.closed) return
      up = true
      if (!this.started) return
      if (wasReported) this.log('redis link back: catching up', { link: name })
      void Promise.resolve()
        .then(onBack)
        .catch(() => undefined)
        .then(() => this.events?.onResync())
    })
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
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
