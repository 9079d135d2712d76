/**
 * What the room manager and the sync server tell the other server processes serving the same boards
 * (scale-out), and ask of them. One plug-in implements it: RedisCluster with `REDIS_URL`, NoCluster
 * without. The core never names Redis.
 */

/** What a loaded room offers the cluster. */
export interface ClusterRoom {
  readonly boardId: string
  /** A change another process stored (row `seq`, or part of one when null). */
  receiveRemoteUpdate(update: Uint8Array, seq: number | null): void
  /** An awareness update of another process's clients. */
  receiveRemoteAwareness(update: Uint8Array): void
  /** This process's clients' awareness states, for a process that just opened the board. */
  encodeLocalAwareness(): Uint8Array | undefined
  /** Re-reads the stored rows and applies those the room has not (changes whose message was lost). */
  catchUp(): Promise<void>
}

/** Sockets to close on every process: one user's on a board, or everyone's (userId null). */
export interface ClusterClose {
  boardId: string
  userId: string | null
  code: number
  reason: string
  boardDeleted: boolean
}

/** What the cluster asks of this process. */
export interface ClusterEvents {
  /** Another process closed sockets (removed member, changed role, deleted board). */
  onClose(message: ClusterClose): void
  /** Close messages may have been lost: check every open connection's access again. */
  onRecheckAccess(): void
}

export interface ClusterHooks {
  /** A room loaded: resolves when it has every change other processes stored, and may be served. */
  onLoadRoom(room: ClusterRoom): Promise<void>
  /** A room unloaded (or discarded): stop sending it other processes' changes. */
  onUnloadRoom(room: ClusterRoom): void
  /** A change is stored: `seq` is its row, or null when it is only part of one (a compacted state). */
  onStoredUpdate(boardId: string, update: Uint8Array, seq: number | null): void
  /** This process's clients' awareness changed. */
  onAwarenessUpdate(boardId: string, update: Uint8Array): void
  /** A signed-in person's socket to a board opened, or closed (the members list's "online"). */
  onConnect(boardId: string, userId: string): void
  onDisconnect(boardId: string, userId: string): void
  /** Sockets to close on the other processes too. */
  closeEverywhere(message: ClusterClose): void
  /** Users with a socket to the board on the other processes; throws when they cannot be asked. */
  onlineUsers(boardId: string): Promise<Set<string>>
  /** For /api/health: undefined when one process serves everything. */
  readonly status: 'connected' | 'reconnecting' | undefined
  /** Where the cluster's requests go (set once, by the app server). */
  listen(events: ClusterEvents): void
  close(): Promise<void>
}

/** One process serves every board: nothing to tell, nobody to ask. */
export class NoCluster implements ClusterHooks {
  readonly status = undefined
  async onLoadRoom(): Promise<void> {}
  onUnloadRoom(): void {}
  onStoredUpdate(): void {}
  onAwarenessUpdate(): void {}
  onConnect(): void {}
  onDisconnect(): void {}
  closeEverywhere(): void {}
  async onlineUsers(): Promise<Set<string>> {
    return new Set()
  }
  listen(): void {}
  async close(): Promise<void> {}
}
