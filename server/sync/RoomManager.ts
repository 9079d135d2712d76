import type { Storage } from '../storage/Storage'
import { Room, type RoomOptions } from './Room'

/** Receiving other server processes' changes to a board (scale-out); see RedisFanout. */
export interface RoomSubscriptions {
  /** Resolves once the room receives the board's messages. */
  join(boardId: string, room: Room): Promise<void>
  leave(boardId: string, room: Room): void
}

/** How long loading a room waits for its subscription; past it the room is served and catches up later. */
const SUBSCRIBE_WAIT_MS = 2_000
/** Resync requests arriving within this time of each other are served by one pass. */
const RESYNC_COALESCE_MS = 200

interface RoomEntry {
  room: Promise<Room>
  unloadTimer?: NodeJS.Timeout
  /** Set while the room is being compacted and closed; a new client waits for it, then reloads. */
  unloading?: Promise<void>
}

/**
 * Loads rooms on demand and unloads them a while after their last client leaves. Loading is shared:
 * two clients opening a cold board at once get the same room, loaded once.
 */
export class RoomManager {
  private readonly entries = new Map<string, RoomEntry>()
  private pendingResync: { announce: boolean; done: Promise<void> } | undefined

  constructor(
    private readonly storage: Storage,
    private readonly options: RoomOptions & { unloadDelayMs: number; subscriptions?: RoomSubscriptions; onRoomUnloaded?: () => void },
  ) {}

  get loadedRoomCount(): number {
    return this.entries.size
  }

  /** The loaded room for a board, loading it first if needed. */
  async acquire(boardId: string): Promise<Room> {
    for (;;) {
      const entry = this.entries.get(boardId)
      if (entry?.unloading) {
        await entry.unloading
        continue
      }
      if (entry) {
        clearTimeout(entry.unloadTimer)
        entry.unloadTimer = undefined
        return entry.room
      }
      const room = this.load(boardId)
      this.entries.set(boardId, { room })
      room.catch(() => this.entries.delete(boardId))
      return room
    }
  }

  /**
   * Loads a room. With other server processes, it subscribes to their changes and then re-reads the
   * stored rows, so nothing stored between the load and the subscription is missed. When Redis is
   * down the subscription waits in the client's queue: the room is served after a short wait and
   * catches up when the link returns (resyncAll).
   */
  private async load(boardId: string): Promise<Room> {
    const room = await Room.load(boardId, this.storage, this.options)
    const subscriptions = this.options.subscriptions
    if (subscriptions) {
      const joined = subscriptions.join(boardId, room).then(
        () => true,
        () => false,
      )
      let timer: NodeJS.Timeout | undefined
      const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS)))
      if (!(await Promise.race([joined, waited]))) {
        this.options.log?.('serving a board before its fan-out subscription is confirmed', { boardId })
        // Once it is confirmed, read what was stored in between.
        void joined.then(async (ok) => {
          if (ok) await room.catchUp()
        })
      }
      clearTimeout(timer)
      await room.catchUp()
    }
    return room
  }

  /**
   * After fan-out messages may have been lost: every loaded room re-reads the rows it has not applied
   * and, with `announce`, sends its own clients' awareness again (other processes may have timed
   * them out). Calls that come together (both links back, peers' resync messages) run once.
   */
  resyncAll(options: { announce: boolean } = { announce: true }): Promise<void> {
    if (this.pendingResync) {
      this.pendingResync.announce ||= options.announce
      return this.pendingResync.done
    }
    const pending = { announce: options.announce, done: Promise.resolve() }
    pending.done = new Promise<void>((resolve) => setTimeout(resolve, RESYNC_COALESCE_MS)).then(async () => {
      this.pendingResync = undefined
      const rooms = await Promise.allSettled(Array.from(this.entries.values(), (e) => (e.unloading ? Promise.reject(new Error('unloading')) : e.room)))
      await Promise.all(
        rooms.map(async (r) => {
          if (r.status !== 'fulfilled') return
          await r.value.catchUp()
          const awareness = pending.announce ? r.value.encodeLocalAwareness() : undefined
          if (awareness) this.options.fanout?.publishAwareness(r.value.boardId, awareness)
        }),
      )
    })
    this.pendingResync = pending
    return pending.done
  }

  /** The room if it is loaded (or loading), without loading it. */
  peek(boardId: string): Promise<Room> | undefined {
    const entry = this.entries.get(boardId)
    return entry && !entry.unloading ? entry.room : undefined
  }

  /** Called when a client leaves: schedules the unload once the room is empty. */
  release(room: Room): void {
    const entry = this.entries.get(room.boardId)
    if (!entry || !room.isEmpty || entry.unloading) return
    clearTimeout(entry.unloadTimer)
    entry.unloadTimer = setTimeout(() => void this.unload(room.boardId), this.options.unloadDelayMs)
  }

  private async unload(boardId: string): Promise<void> {
    const entry = this.entries.get(boardId)
    if (!entry || entry.unloading) return
    const room = await entry.room
    if (!room.isEmpty) return
    entry.unloading = room
      .close()
      .catch((err) => this.options.log?.('room unload failed', { boardId, error: String(err) }))
      .finally(() => {
        this.options.subscriptions?.leave(boardId, room)
        // A discard (board deleted) and a new load may have replaced the entry meanwhile.
        if (this.entries.get(boardId) === entry) this.entries.delete(boardId)
        this.options.onRoomUnloaded?.()
      })
    await entry.unloading
  }

  /** Drops a room without keeping its state (the board was deleted). */
  async discard(boardId: string): Promise<void> {
    const entry = this.entries.get(boardId)
    if (!entry) return
    this.entries.delete(boardId)
    clearTimeout(entry.unloadTimer)
    const room = await entry.room.catch(() => undefined)
    if (room) this.options.subscriptions?.leave(boardId, room)
    room?.destroy()
  }

  /** Flushes and closes every room (used on shutdown). */
  async closeAll(): Promise<void> {
    const rooms = await Promise.allSettled(Array.from(this.entries.values(), (e) => e.room))
    for (const entry of this.entries.values()) clearTimeout(entry.unloadTimer)
    await Promise.all(
      rooms.map(async (r) => {
        if (r.status !== 'fulfilled') return
        await r.value.close()
        this.options.subscriptions?.leave(r.value.boardId, r.value)
      }),
    )
    this.entries.clear()
  }
}
