import { NoCluster, type ClusterHooks } from '../cluster/ClusterHooks'
import { Room } from './Room'
import type { RoomOptions } from './RoomOptions'
import type { UpdateLogStore } from './UpdateLog'

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
  /** The other server processes (scale-out): the one plug-in rooms and the sync server tell and ask. */
  readonly cluster: ClusterHooks

  constructor(
    private readonly documents: UpdateLogStore,
    private readonly options: RoomOptions & { unloadDelayMs: number; onRoomUnloaded?: () => void },
  ) {
    this.cluster = options.cluster ?? new NoCluster()
  }

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

  /** Loads a room, and lets the cluster bring it up to date with what other processes stored. */
  private async load(boardId: string): Promise<Room> {
    const room = await Room.load(boardId, this.documents, this.options)
    await this.cluster.onLoadRoom(room)
    return room
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
        this.cluster.onUnloadRoom(room)
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
    if (room) this.cluster.onUnloadRoom(room)
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
        this.cluster.onUnloadRoom(r.value)
      }),
    )
    this.entries.clear()
  }
}
