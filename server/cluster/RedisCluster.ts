import { randomUUID } from 'node:crypto'
import type Redis from 'ioredis'
import { redactUrl } from '../redactUrl'
import type { ClusterClose, ClusterEvents, ClusterHooks, ClusterRoom } from './ClusterHooks'
import { decodeFanoutMessage, encodeFanoutMessage, type FanoutMessage } from './fanoutMessages'
import { RedisPresence } from './RedisPresence'
import { checkLink, closeLink, LINK_CHECK_MS, openRedisLinks, watchLink, withTimeout, type Log } from './redisLinks'

/** How long start-up waits for Redis before serving this process alone. */
const CONNECT_TIMEOUT_MS = 10_000
/** How long loading a room waits for its subscription; past it the room is served and catches up later. */
const SUBSCRIBE_WAIT_MS = 2_000
/** Resyncs asked for within this time of each other are served by one pass. */
const RESYNC_COALESCE_MS = 200
/** How often each process checks for stored changes and access it missed without an outage. */
const CLUSTER_CHECK_MS = 30_000

/**
 * Scale-out between server processes that serve the same boards (`REDIS_URL`), over Redis pub/sub:
 * a channel per loaded board for document and awareness updates, and one control channel.
 * Online presence is RedisPresence's.
 *
 * Pub/sub delivers at most once, so it is only the fast path. The database stays the truth: every
 * update is stored before it is published, and whenever a link to Redis comes back (this process's
 * or, announced by a `resync` message, another's) every loaded room re-reads the rows it has not
 * applied. A room also catches up once right after subscribing, to cover the moment between
 * loading its document and its subscription taking effect; and a periodic cheap pass picks up what
 * was missed without an outage (a process killed between storing and publishing, a lost close).
 */
export class RedisCluster implements ClusterHooks {
  readonly instanceId = randomUUID()
  private readonly rooms = new Map<string, ClusterRoom>()
  private readonly presence: RedisPresence
  private events: ClusterEvents | undefined
  private closed = false
  /** Set once connect() returns; a link coming up before that has nothing to catch up on. */
  private started = false
  private readonly timers: NodeJS.Timeout[] = []
  private pendingResync: { announce: boolean; done: Promise<void> } | undefined

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    private readonly log: Log,
  ) {
    this.presence = new RedisPresence(pub, prefix, this.instanceId)
  }

  /**
   * Connects both links and subscribes to the control channel, waiting a little for Redis. If Redis
   * cannot be reached the process starts anyway and serves its own clients; the links keep retrying
   * and, once up, every loaded room catches up. (Refusing to start would turn a Redis outage into a
   * full outage at the next deploy.)
   */
  static async connect(url: string, prefix: string, log: Log): Promise<RedisCluster> {
    const { pub, sub } = openRedisLinks(url)
    const cluster = new RedisCluster(pub, sub, prefix, log)
    const isClosed = () => cluster.closed
    const isStarted = () => cluster.started
    watchLink(pub, 'publish', log, isClosed, isStarted, (wasReported) => {
      if (wasReported) log('redis link back: catching up', { link: 'publish' })
      cluster.publish(cluster.controlChannel, { kind: 'resync', from: cluster.instanceId })
      cluster.presence.refresh()
      void cluster.resync(true)
    })
    // ioredis re-subscribes only to channels whose SUBSCRIBE was answered; subscribing again to all
    // is harmless, and the answer proves the subscriptions in effect before the catch-up reads.
    watchLink(sub, 'subscribe', log, isClosed, isStarted, (wasReported) => {
      if (wasReported) log('redis link back: catching up', { link: 'subscribe' })
      void sub
        .subscribe(cluster.controlChannel, ...Array.from(cluster.rooms.keys(), (id) => cluster.boardChannel(id)))
        .catch(() => undefined)
        .then(() => cluster.resync(true))
    })
    sub.on('messageBuffer', (_channel: Buffer, data: Buffer) => cluster.onMessage(data))
    // Queued until the link is up; re-sent by ioredis after every reconnect.
    const subscribed = sub.subscribe(cluster.controlChannel)
    const pubReady = new Promise((resolve) => pub.once('ready', resolve))
    const reached = await withTimeout(Promise.all([pubReady, subscribed]), CONNECT_TIMEOUT_MS, 'timed out').then(
      () => true,
      () => false,
    )
    if (!reached) log('redis unreachable at start-up: serving this process alone until it is back', { redis: redactUrl(url, 'REDIS_URL') })
    cluster.started = true
    cluster.every(LINK_CHECK_MS, () => {
      checkLink(pub, log, isClosed)
      checkLink(sub, log, isClosed)
    })
    cluster.every(CLUSTER_CHECK_MS, () => void cluster.resync(false))
    return cluster
  }

  get status(): 'connected' | 'reconnecting' {
    return this.pub.status === 'ready' && this.sub.status === 'ready' ? 'connected' : 'reconnecting'
  }

  listen(events: ClusterEvents): void {
    this.events = events
  }

  /**
   * Subscribes to the board's channel, then re-reads the stored rows, so nothing stored between the
   * load and the subscription is missed. When Redis is down the subscription waits in the client's
   * queue: the room is served after a short wait and catches up once the subscription is confirmed.
   */
  async onLoadRoom(room: ClusterRoom): Promise<void> {
    const joined = this.join(room).then(
      () => true,
      () => false,
    )
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS)))
    if (!(await Promise.race([joined, waited]))) {
      this.log('serving a board before its fan-out subscription is confirmed', { boardId: room.boardId })
      void joined.then(async (ok) => {
        if (ok) await room.catchUp()
      })
    }
    clearTimeout(timer)
    await room.catchUp()
  }

  onUnloadRoom(room: ClusterRoom): void {
    if (this.rooms.get(room.boardId) !== room) return
    this.rooms.delete(room.boardId)
    if (!this.closed) this.sub.unsubscribe(this.boardChannel(room.boardId)).catch(() => undefined)
  }

  onStoredUpdate(boardId: string, update: Uint8Array, seq: number | null): void {
    this.publish(this.boardChannel(boardId), { kind: 'update', from: this.instanceId, boardId, seq, update })
  }

  onAwarenessUpdate(boardId: string, update: Uint8Array): void {
    this.publish(this.boardChannel(boardId), { kind: 'awareness', from: this.instanceId, boardId, update })
  }

  onConnect(boardId: string, userId: string): void {
    this.presence.markOnline(boardId, userId)
  }

  onDisconnect(boardId: string, userId: string): void {
    this.presence.markOffline(boardId, userId)
  }

  onlineUsers(boardId: string): Promise<Set<string>> {
    return this.presence.onlineUsers(boardId)
  }

  closeEverywhere(message: ClusterClose): void {
    this.publish(this.controlChannel, { kind: 'close', from: this.instanceId, ...message })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const timer of this.timers) clearInterval(timer)
    await this.presence.close()
    await Promise.all([closeLink(this.pub), closeLink(this.sub)])
  }

  /** Starts receiving a board's updates; resolves once the subscription is in effect. */
  private async join(room: ClusterRoom): Promise<void> {
    this.rooms.set(room.boardId, room)
    await this.sub.subscribe(this.boardChannel(room.boardId))
    // Cursors and names of the others' clients now, not at their next renewal.
    this.publish(this.boardChannel(room.boardId), { kind: 'awareness-query', from: this.instanceId, boardId: room.boardId })
  }

  /**
   * After messages may have been lost: every loaded room re-reads the rows it has not applied and,
   * with `announce`, sends its own clients' awareness again (other processes may have timed them
   * out); then every connection's access is checked again. Calls that come together run once.
   */
  private resync(announce: boolean): Promise<void> {
    if (this.pendingResync) {
      this.pendingResync.announce ||= announce
      return this.pendingResync.done
    }
    const pending = { announce, done: Promise.resolve() }
    pending.done = new Promise<void>((resolve) => setTimeout(resolve, RESYNC_COALESCE_MS)).then(async () => {
      this.pendingResync = undefined
      this.events?.onRecheckAccess()
      await Promise.all(
        Array.from(this.rooms.values(), async (room) => {
          await room.catchUp()
          const awareness = pending.announce ? room.encodeLocalAwareness() : undefined
          if (awareness) this.onAwarenessUpdate(room.boardId, awareness)
        }),
      )
    })
    this.pendingResync = pending
    return pending.done
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms)
    timer.unref()
    this.timers.push(timer)
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
        const awareness = this.rooms.get(message.boardId)?.encodeLocalAwareness()
        if (awareness) this.onAwarenessUpdate(message.boardId, awareness)
        return
      }
      case 'resync':
        void this.resync(true)
        return
      case 'close': {
        const { kind: _kind, from: _from, ...close } = message
        this.events?.onClose(close)
        return
      }
    }
  }
}
