import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CLOSE_TRY_AGAIN_LATER, CloseReason } from '../../lib/collab/closeReasons'
import {
  encodeRefused,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeVoteKey,
  type ClientMessage,
} from '../../lib/collab/syncMessageCodec'
import { NoCluster, type ClusterHooks } from '../cluster/ClusterHooks'
import { closeConnection, send, type Connection } from './Connection'
import type { RoomOptions } from './RoomOptions'
import { getSerializedSchema } from '../boards/buildBoardDocument'
import { captureUpdates } from './captureUpdates'
import { RoomBroadcast } from './RoomBroadcast'
import { RoomPresence } from './RoomPresence'
import { POLICY_ORIGIN, RoomPolicy, type PolicyRefusals } from './RoomPolicy'
import { StoredWaiters } from './StoredWaiters'
import { TokenBucket } from './TokenBucket'
import { UpdateLog, type UnsavedChange, type UpdateLogStore } from './UpdateLog'
import { DEFAULT_BROADCAST_INTERVAL_MS, DEFAULT_PACING_FRAMES_PER_SECOND, DEFAULT_MAX_BOARD_BYTES, DEFAULT_MAX_NOTE_CHARS, DEFAULT_MAX_UNSAVED_BYTES, DEFAULT_MAX_WRITE_BYTES_PER_MINUTE } from './roomDefaults'


/**
 * A refused update larger than this is compacted away at once (the stored state then holds its
 * items as deleted, without their content) instead of waiting for the next compaction.
 */
const COMPACT_REFUSED_BYTES = 64 * 1024

/** The room could not store a change; it stays queued in the room and is retried. */
export class StorageUnavailableError extends Error {}

/** The origin of changes that come from another server process (already stored by it). */
export const REMOTE_ORIGIN = Symbol('remote')

const noCluster = new NoCluster()

/**
 * A loaded board: its Yjs document, awareness and connected clients.
 *
 * Document messages are processed one at a time through `queue`: an update is applied, the change
 * it made is stored (UpdateLog), and only then broadcast and acknowledged. Because sync replies go
 * through the same queue, nobody ever receives state that is not yet durable.
 *
 * When storage fails, the applied changes stay in the log: they are not broadcast or acknowledged,
 * sync replies wait, the writers get STORAGE_ERROR, and the log retries. Once stored, all goes out.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  private queue: Promise<void> = Promise.resolve()
  private policy!: RoomPolicy
  private readonly updates: UpdateLog<Connection>
  private readonly broadcast: RoomBroadcast<Connection>
  private readonly presence: RoomPresence
  private readonly cluster: ClusterHooks
  private closed = false
  private readonly waiters = new StoredWaiters()
  /** Each writer's byte budget (see RoomOptions.maxWriteBytesPerMinute). */
  private readonly writeBudgets = new WeakMap<Connection, TokenBucket>()

  private constructor(
    readonly boardId: string,
    store: UpdateLogStore,
    private readonly options: RoomOptions,
  ) {
    this.cluster = options.cluster ?? noCluster
    this.broadcast = new RoomBroadcast(this.awareness, this.connections, options.broadcastIntervalMs ?? DEFAULT_BROADCAST_INTERVAL_MS, (conn, message) => send(conn, message), options.pacingFramesPerSecond ?? DEFAULT_PACING_FRAMES_PER_SECOND)
    this.updates = new UpdateLog<Connection>(boardId, this.doc, store, {
      onStored: (changes, allStored) => this.onStored(changes, allStored),
      onStorageFailing: (changes, reason) => {
        for (const c of changes) if (c.origin) this.waiters.tellUnsaved(c.origin, reason)
      },
      applyStoredRow: (update, seq) => this.applyStoredRow(update, seq),
      publish: (update, seq) => this.cluster.onStoredUpdate(boardId, update, seq),
      schedule: (task) => this.enqueue(task),
      log: options.log,
    })
    this.presence = new RoomPresence(this.awareness, this.connections, this.broadcast, (update) => this.cluster.onAwarenessUpdate(boardId, update), (message, context) =>
      options.log?.(message, { boardId, ...context }),
    )
  }

  /** Loads the stored document before any client is served. Unreadable updates are skipped and logged. */
  static async load(boardId: string, store: UpdateLogStore, options: RoomOptions): Promise<Room> {
    const room = new Room(boardId, store, options)
    await room.updates.load()
    room.policy = new RoomPolicy(room.doc, options.voteSealer?.forBoard(boardId), { maxNoteChars: options.maxNoteChars ?? DEFAULT_MAX_NOTE_CHARS }, getServerSchema())
    return room
  }

  /** The board's records, as an IncrementalKeyValue (YKeyValue layout) over the room's document. */
  get records() {
    return this.policy.records
  }

  get isEmpty(): boolean {
    return this.connections.size === 0
  }

  /** Registers a client and starts the sync handshake (server's step 1, then awareness states). */
  addConnection(conn: Connection): void {
    this.connections.add(conn)
    this.enqueue(() => {
      send(conn, encodeSyncStep1(Y.encodeStateVector(this.doc)))
      const states = this.presence.encodeAll()
      if (states) send(conn, states)
    })
  }

  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    this.waiters.forget(conn)
    this.presence.remove(conn)
  }

  /**
   * Handles one decoded message from a client (see decodeClientMessage). Throws
   * MalformedMessageError for an awareness update it cannot read; the caller closes that one
   * connection. Document changes are queued (see class comment).
   */
  handleMessage(conn: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step-1':
        this.enqueue(() => this.replyToSyncStep1(conn, message.stateVector))
        return
      case 'sync-update':
        // A read-only client's changes are dropped: not applied, not stored, not broadcast.
        if (conn.canWrite) this.enqueue(() => this.applyClientUpdate(conn, message.update))
        return
      case 'awareness':
        this.presence.applyFromClient(conn, message.update)
        return
      case 'query-awareness':
        send(conn, this.broadcast.encodeAwarenessOf(Array.from(this.awareness.getStates().keys())))
        return
      case 'vote-key-request':
        this.enqueue(() => {
          const key = this.connections.has(conn) ? this.policy.getVoterKey(conn, message.voteId) : undefined
          if (key) send(conn, encodeVoteKey(message.voteId, key))
        })
        return
      case 'hidden-dot':
        if (!conn.canWrite) return
        // Written by the server (queued like every change, stored, then broadcast); a refused dot writes nothing.
        this.applyServerChange(() => {
          if (this.connections.has(conn)) this.policy.placeHiddenDot(conn, message.voteId, message.slot, message.noteId)
        }).catch((err) => this.options.log?.('hidden dot not stored yet', { boardId: this.boardId, error: String(err) }))
        return
      case 'auth':
        return
    }
  }

  /** Sends what the client is missing (sync step 2); held back while the room has unsaved changes. */
  private replyToSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    if (this.updates.hasUnsaved) {
      this.waiters.holdReply(conn, () => this.replyToSyncStep1(conn, stateVector))
      return
    }
    let missing: Uint8Array
    try {
      missing = Y.encodeStateAsUpdate(this.doc, stateVector)
    } catch {
      closeConnection(conn, CloseReason.MALFORMED_MESSAGE, 'malformed state vector')
      return
    }
    send(conn, encodeSyncStep2(missing))
  }

  private async applyClientUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (!this.connections.has(conn)) return
    if (this.updates.wouldOverflow(update.byteLength, this.options.maxUnsavedBytes ?? DEFAULT_MAX_UNSAVED_BYTES)) {
      // Refused before it is applied: nothing to undo, and the client still holds the change.
      closeConnection(conn, CLOSE_TRY_AGAIN_LATER, 'changes are not being saved; try again later')
      return
    }
    if (!this.takeWriteBudget(conn, update.byteLength)) {
      // Also refused before it is applied: the client keeps the change and shows the close reason.
      closeConnection(conn, CloseReason.TOO_MANY_MESSAGES, 'too many bytes written in a minute')
      return
    }
    let addsContent: boolean
    try {
      // Decoding first rejects truncated or garbled updates before they can touch the document.
      addsContent = Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item)
    } catch (err) {
      this.refuseMalformed(conn, err)
      return
    }
    const maxBoardBytes = this.options.maxBoardBytes ?? DEFAULT_MAX_BOARD_BYTES
    const full = addsContent && (await this.updates.isFullFor(update.byteLength, maxBoardBytes))
    let captured: { result: PolicyRefusals; updates: { update: Uint8Array; origin: unknown }[] }
    try {
      captured = captureUpdates(this.doc, () => this.policy.enforce(conn, () => Y.applyUpdate(this.doc, update, conn), full ? { reason: 'board-full', limit: maxBoardBytes } : undefined))
    } catch (err) {
      // Bad input is expected from hostile or broken clients: refuse quietly, keep the room.
      this.refuseMalformed(conn, err)
      return
    }
    const refusals = captured.result
    // The server's own corrections (a refused change undone) go to the sender too.
    for (const change of captured.updates) this.updates.push(change.update, change.origin === conn ? conn : undefined)
    for (const [reason, limit] of refusals) send(conn, encodeRefused(reason, limit))
    if (conn.wantsAck) this.waiters.waitForAck(conn)
    // Stores earlier unsaved changes (after a storage error) together with this one.
    const stored = await this.updates.persist()
    const compact = this.updates.isDueForCompaction(this.options.compactAfterUpdates) || (refusals.size > 0 && update.byteLength > COMPACT_REFUSED_BYTES)
    if (stored && compact) await this.updates.compact()
  }

  /** The close reason reaches the client: the decoder's error text stays in our log. */
  private refuseMalformed(conn: Connection, err: unknown): void {
    this.options.log?.('refused a malformed update', { boardId: this.boardId, error: String(err).slice(0, 200) })
    closeConnection(conn, CloseReason.MALFORMED_MESSAGE, 'malformed update')
  }

  /** Takes `bytes` from the writer's budget for this minute; false when it is spent. */
  private takeWriteBudget(conn: Connection, bytes: number): boolean {
    const perMinute = this.options.maxWriteBytesPerMinute ?? DEFAULT_MAX_WRITE_BYTES_PER_MINUTE
    let bucket = this.writeBudgets.get(conn)
    if (!bucket) this.writeBudgets.set(conn, (bucket = new TokenBucket(perMinute / 60, perMinute)))
    return bucket.take(bytes)
  }

  /** Changes are durable: broadcast them; once nothing is unsaved, what waited for it goes out. */
  private onStored(changes: UnsavedChange<Connection>[], allStored: boolean): void {
    for (const c of changes) this.broadcast.queueUpdate(c.update, c.origin)
    if (allStored) this.waiters.allStored(() => Y.encodeStateVector(this.doc))
  }

  /**
   * Applies a change made by the server itself (a restore, an agreed version) as one transaction,
   * stores it and broadcasts it to everyone, through the same queue as client updates.
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue(async () => {
        try {
          const { updates } = captureUpdates(this.doc, () => this.doc.transact(() => change(this.doc), POLICY_ORIGIN))
          for (const c of updates) this.updates.push(c.update, undefined)
          // On a storage error the change stays queued and goes out once it is stored.
          if (await this.updates.persist()) resolve()
          else reject(new StorageUnavailableError('the change is applied but not stored yet: storage is failing'))
        } catch (err) {
          reject(err)
        }
      })
    })
  }

  /**
   * A change another server process stored (or applied), received over the cluster. It is durable
   * already, so it goes to this room's clients at once; a row seen before is skipped.
   */
  receiveRemoteUpdate(update: Uint8Array, seq: number | null): void {
    this.enqueue(() => {
      if (!this.closed) this.updates.applyRemote(update, seq)
    })
  }

  /** An awareness update from another server's clients. */
  receiveRemoteAwareness(update: Uint8Array): void {
    if (!this.closed) this.presence.receiveRemote(update)
  }

  /** This server's own clients' awareness states, encoded (see RoomPresence.encodeLocal). */
  encodeLocalAwareness(): Uint8Array | undefined {
    return this.presence.encodeLocal()
  }

  /** Applies the stored rows this room has not (see UpdateLog.catchUp), in the room's queue. */
  catchUp(): Promise<void> {
    return new Promise((resolve) => {
      this.enqueue(async () => {
        if (!this.closed) await this.updates.catchUp()
        resolve()
      })
    })
  }

  /**
   * Applies a change that is already stored (row `seq`, or part of one when null) and sends it on.
   * An unreadable row stays unapplied (so compaction keeps it for the start-up check to quarantine).
   * Rows from others do not count towards compaction: the process that stored them compacts.
   */
  private applyStoredRow(update: Uint8Array, seq: number | null): boolean {
    let changes: { update: Uint8Array }[]
    try {
      changes = captureUpdates(this.doc, () => Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)).updates
    } catch (err) {
      this.options.log?.('skipped unreadable stored update', { boardId: this.boardId, seq, error: String(err) })
      return false
    }
    for (const c of changes) this.broadcast.queueUpdate(c.update, undefined)
    return true
  }

  private enqueue(task: () => void | Promise<void>): void {
    this.queue = this.queue.then(task).catch((err) => {
      this.options.log?.('room task failed', { boardId: this.boardId, error: String(err) })
    })
  }

  /** Waits until every queued document message has been applied and stored. */
  whenIdle(): Promise<void> {
    return this.queue
  }

  /** Replaces the stored rows with one state (see UpdateLog.compact). */
  compactNow(): Promise<void> {
    return this.updates.compact()
  }

  /** Frees the room without storing anything more (its board is gone). */
  destroy(): void {
    this.closed = true
    this.updates.close()
    this.broadcast.cancel()
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** Compacts and frees the room; further messages are ignored. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.updates.close()
    await this.whenIdle()
    this.broadcast.flushUpdatesNow()
    this.broadcast.cancelAwareness()
    await this.updates.compact()
    // Compaction may have applied rows stored elsewhere: they go out now, not after the room is gone.
    this.broadcast.flushUpdatesNow()
    this.awareness.destroy()
    this.doc.destroy()
  }
}

let serverSchema: unknown
/** The tldraw schema this server writes: the only one a client may announce in `meta`. */
function getServerSchema(): unknown {
  return (serverSchema ??= getSerializedSchema())
}
