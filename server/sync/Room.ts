import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { CLOSE_TRY_AGAIN_LATER, CloseReason } from '../../lib/collab/closeReasons'
import type { DocumentRefusal } from '../../lib/collab/describeDocumentRefusal'
import { MessageType } from '../../lib/collab/syncMessages'
import type { Role } from '../../lib/collab/roles'
import type { Storage, StoredDocument } from '../storage/Storage'
import { applyClientAwareness } from './applyClientAwareness'
import { BroadcastPacer } from './BroadcastPacer'
import { getSerializedSchema } from '../boards/buildBoardDocument'
import { POLICY_ORIGIN, RoomPolicy, type PolicyRefusals } from './RoomPolicy'
import { TokenBucket } from './TokenBucket'
import type { VoteSealer } from './VoteSealer'
import {
  DEFAULT_BROADCAST_INTERVAL_MS,
  DEFAULT_MAX_BOARD_BYTES,
  DEFAULT_MAX_NOTE_CHARS,
  DEFAULT_MAX_UNSAVED_BYTES,
  DEFAULT_MAX_WRITE_BYTES_PER_MINUTE,
} from './roomDefaults'

/** One client's socket in a room. */
export interface Connection {
  socket: WebSocket
  /** Whether this client may change the document (viewers may not). */
  canWrite: boolean
  role: Role
  /** Who placed a vote or wrote a note: the user id, or `token:<name>` for tokens without one. */
  userId: string
  /** The person's name, as the server knows it: stamped into their presence and into the notes this connection creates. */
  name: string
  /** Whether the client asked for SAVED acknowledgements. */
  wantsAck: boolean
  /**
   * Awareness client ids this connection owns (see applyClientAwareness), removed when it closes.
   * Fixed by its first awareness message that sets a state (`awarenessClaimed`).
   */
  awarenessIds: Set<number>
  awarenessClaimed: boolean
}

export class MalformedMessageError extends Error {}

/**
 * A refused update larger than this is compacted away at once (the stored state then holds its
 * items as deleted, without their content) instead of waiting for the next compaction.
 */
const COMPACT_REFUSED_BYTES = 64 * 1024

/** The room could not store a change; it stays queued in the room and is retried. */
export class StorageUnavailableError extends Error {}

/** First wait before retrying to store queued changes after a storage error; doubles up to the max. */
export const PERSIST_RETRY_MS = 1_000
export const PERSIST_RETRY_MAX_MS = 10_000

/** A change applied to the document but not yet stored, with the connection that made it. */
interface UnsavedChange {
  update: Uint8Array
  origin: Connection | undefined
}

/**
 * Where a room tells other server processes about its changes (scale-out over Redis). Absent when
 * one process serves everything.
 */
export interface RoomFanout {
  /** A stored change; `seq` is its row, or null when it is only part of a row (see compactNow). */
  publishUpdate(boardId: string, update: Uint8Array, seq: number | null): void
  publishAwareness(boardId: string, update: Uint8Array): void
}

/** The origin of changes that come from another server process (already stored by it). */
export const REMOTE_ORIGIN = Symbol('remote')

export interface RoomOptions {
  compactAfterUpdates: number
  /** Fewest ms between two broadcasts of document changes, and of cursors (see BroadcastPacer). */
  broadcastIntervalMs?: number
  /**
   * While storage fails, a room keeps applied-but-unstored changes in memory up to this many bytes;
   * past it, a writer's further changes are not taken (its socket is closed with 1013, the client
   * keeps them and retries), so an outage cannot exhaust the server's memory.
   */
  maxUnsavedBytes?: number
  fanout?: RoomFanout
  /** Characters a shape's text may hold; longer text is refused (MAX_NOTE_CHARS). */
  maxNoteChars?: number
  /**
   * Bytes the board's stored document may hold (MAX_BOARD_BYTES): past it, a change that adds
   * content is refused (undone, the writer told); deletions still go through.
   */
  maxBoardBytes?: number
  /**
   * Bytes of document updates one connection may send per minute (MAX_WRITE_BYTES_PER_MINUTE, in
   * bursts of up to a minute's worth); past it the connection is closed with 4429 before the update
   * is applied, so the writer's browser keeps the change and shows why.
   */
  maxWriteBytesPerMinute?: number
  /** Keys of hidden dot votes (from the server secret); without it they are hidden in the UI only. */
  voteSealer?: VoteSealer
  log?: (message: string, context?: Record<string, unknown>) => void
}

/**
 * A loaded board: its Yjs document, awareness and connected clients.
 *
 * Document messages are processed one at a time through `queue`: an update is applied, the change
 * it made is appended to storage, and only then broadcast and acknowledged. Because sync replies go
 * through the same queue, nobody ever receives state that is not yet durable.
 *
 * When storage fails (disk full, database error), the applied changes stay queued in `unsaved`:
 * they are not broadcast or acknowledged, sync replies wait, the writers get STORAGE_ERROR, and
 * storing is retried with backoff and before each new update. Once stored, all goes out as usual.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** Which connection owns each awareness client id of this server's clients. */
  private readonly awarenessOwners = new Map<number, Connection>()
  private queue: Promise<void> = Promise.resolve()
  private updatesSinceCompaction = 0
  private pendingChanges: { update: Uint8Array; origin: unknown }[] = []
  private policy!: RoomPolicy
  private outgoing: { updates: Uint8Array[]; origins: Set<Connection | undefined> } | null = null
  private readonly updatePacer: BroadcastPacer
  /** Awareness clients whose change waits for the next cursor broadcast. */
  private outgoingAwareness = new Set<number>()
  private readonly awarenessPacer: BroadcastPacer
  private closed = false
  private unsaved: UnsavedChange[] = []
  private unsavedBytes = 0
  /** Clients waiting for a SAVED acknowledgement, sent once nothing in the room is unsaved. */
  private readonly waitingForAck = new Set<Connection>()
  /** Sync replies held back while changes are unsaved (they would carry non-durable state). */
  private heldReplies: (() => void)[] = []
  /** Clients told STORAGE_ERROR since storage last worked (each is told once). */
  private readonly toldUnsaved = new Set<Connection>()
  private retryTimer: NodeJS.Timeout | undefined
  private retryDelayMs = PERSIST_RETRY_MS
  /**
   * The stored rows this document holds: those it loaded, appended, or applied from another server.
   * Compaction replaces exactly these; any other row (another server's, or the admin CLI's) is
   * applied first. Sequence numbers are not a reliable order across servers, so no "up to" here.
   */
  private appliedSeqs = new Set<number>()
  /** Bytes of the stored rows (the loaded ones, those appended since, or the compacted state). */
  private storedBytes = 0
  /** `storedBytes` right after the last compaction. */
  private compactedBytes = 0
  /** Each writer's byte budget (see RoomOptions.maxWriteBytesPerMinute). */
  private readonly writeBudgets = new WeakMap<Connection, TokenBucket>()

  private constructor(
    readonly boardId: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
  ) {
    const intervalMs = options.broadcastIntervalMs ?? DEFAULT_BROADCAST_INTERVAL_MS
    this.updatePacer = new BroadcastPacer(intervalMs, () => this.flushBroadcast())
    this.awarenessPacer = new BroadcastPacer(intervalMs, () => this.flushAwareness())
    // The local awareness state of the server itself is not a participant.
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.pendingChanges.push({ update, origin }))
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Loads the stored document before any client is served. Unreadable updates are skipped and logged. */
  static async load(boardId: string, storage: Storage, options: RoomOptions): Promise<Room> {
    const room = new Room(boardId, storage, options)
    const stored = await storage.loadDocument(boardId)
    room.doc.transact(() => {
      stored.updates.forEach((update, i) => {
        try {
          Y.applyUpdate(room.doc, update)
          room.appliedSeqs.add(stored.seqs[i])
        } catch (err) {
          options.log?.('skipped unreadable stored update', { boardId, seq: stored.seqs[i], error: String(err) })
        }
      })
    })
    room.policy = new RoomPolicy(room.doc, options.voteSealer?.forBoard(boardId), { maxNoteChars: options.maxNoteChars ?? DEFAULT_MAX_NOTE_CHARS }, getServerSchema())
    room.storedBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0)
    room.compactedBytes = room.storedBytes
    room.pendingChanges = []
    room.updatesSinceCompaction = stored.updates.length
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
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MessageType.SYNC)
      syncProtocol.writeSyncStep1(encoder, this.doc)
      send(conn, encoding.toUint8Array(encoder))
      const states = this.awareness.getStates()
      if (states.size > 0) {
        send(conn, encodeAwareness(this.awareness, Array.from(states.keys())))
      }
    })
  }

  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    this.waitingForAck.delete(conn)
    this.toldUnsaved.delete(conn)
    for (const id of conn.awarenessIds) if (this.awarenessOwners.get(id) === conn) this.awarenessOwners.delete(id)
    awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), null)
  }

  /**
   * Handles one binary message from a client. Throws MalformedMessageError for anything it cannot
   * read; the caller closes that one connection. Document changes are queued (see class comment).
   */
  handleMessage(conn: Connection, data: Uint8Array): void {
    let messageType: number
    const decoder = decoding.createDecoder(data)
    try {
      messageType = decoding.readVarUint(decoder)
    } catch {
      throw new MalformedMessageError('empty or truncated message')
    }
    switch (messageType) {
      case MessageType.SYNC:
        this.handleSync(conn, decoder)
        return
      case MessageType.AWARENESS: {
        let update: Uint8Array
        try {
          update = decoding.readVarUint8Array(decoder)
          applyClientAwareness(this.awareness, update, conn, this.awarenessOwners)
        } catch (err) {
          throw new MalformedMessageError(`bad awareness message: ${String(err)}`)
        }
        return
      }
      case MessageType.VOTE_KEY_REQUEST: {
        const voteId = readOrThrow(() => decoding.readVarString(decoder), 'bad vote key request')
        this.enqueue(() => {
          const key = this.connections.has(conn) ? this.policy.getVoterKey(conn, voteId) : undefined
          if (key) send(conn, encodeVoteKey(voteId, key))
        })
        return
      }
      case MessageType.HIDDEN_DOT: {
        const [voteId, slot, noteId] = readOrThrow(() => [decoding.readVarString(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)] as const, 'bad hidden dot')
        if (!conn.canWrite) return
        // Written by the server (queued like every change, stored, then broadcast); a refused dot writes nothing.
        this.applyServerChange(() => {
          if (this.connections.has(conn)) this.policy.placeHiddenDot(conn, voteId, slot, noteId)
        }).catch((err) => this.options.log?.('hidden dot not stored yet', { boardId: this.boardId, error: String(err) }))
        return
      }
      case MessageType.QUERY_AWARENESS:
        send(conn, encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())))
        return
      case MessageType.AUTH:
        return
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`)
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    let syncType: number
    let payload: Uint8Array
    try {
      syncType = decoding.readVarUint(decoder)
      payload = decoding.readVarUint8Array(decoder)
    } catch {
      throw new MalformedMessageError('truncated sync message')
    }
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.enqueue(() => this.replyToSyncStep1(conn, payload))
      return
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new MalformedMessageError(`unknown sync message type ${syncType}`)
    }
    // A read-only client's changes are dropped: not applied, not stored, not broadcast.
    if (!conn.canWrite) return
    this.enqueue(() => this.applyClientUpdate(conn, payload))
  }

  /** Sends what the client is missing (sync step 2); held back while the room has unsaved changes. */
  private replyToSyncStep1(conn: Connection, payload: Uint8Array): void {
    if (this.unsaved.length > 0) {
      this.heldReplies.push(() => this.replyToSyncStep1(conn, payload))
      this.tellUnsaved(conn, 'storage error')
      return
    }
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.SYNC)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
    try {
      encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, payload))
    } catch {
      closeConnection(conn, CloseReason.MALFORMED_MESSAGE, 'malformed state vector')
      return
    }
    send(conn, encoding.toUint8Array(encoder))
  }

  private async applyClientUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (!this.connections.has(conn)) return
    if (this.unsavedBytes + update.byteLength > (this.options.maxUnsavedBytes ?? DEFAULT_MAX_UNSAVED_BYTES) && this.unsaved.length > 0) {
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
      // The close reason reaches the client: the decoder's error text stays in our log.
      this.options.log?.('refused a malformed update', { boardId: this.boardId, error: String(err).slice(0, 200) })
      closeConnection(conn, CloseReason.MALFORMED_MESSAGE, 'malformed update')
      return
    }
    const maxBoardBytes = this.options.maxBoardBytes ?? DEFAULT_MAX_BOARD_BYTES
    if (addsContent && this.storedBytes + update.byteLength > maxBoardBytes && this.storedBytes - this.compactedBytes > Math.min(1024 * 1024, maxBoardBytes / 16)) {
      // Rows since the last compaction may hold content deleted since: measure the state itself.
      try {
        if ((await this.persistUnsaved()) && this.unsaved.length === 0) await this.compactNow()
      } catch (err) {
        this.options.log?.('could not compact a full board', { boardId: this.boardId, error: String(err) })
      }
    }
    const full = addsContent && this.storedBytes + update.byteLength > maxBoardBytes
    this.pendingChanges = []
    let refusals: PolicyRefusals
    try {
      refusals = this.policy.enforce(conn, () => Y.applyUpdate(this.doc, update, conn), full ? { reason: 'board-full', limit: maxBoardBytes } : undefined)
    } catch (err) {
      this.pendingChanges = []
      // Bad input is expected from hostile or broken clients: refuse quietly, keep the room.
      // The reason goes to the client: no internal error text in it, the detail stays in the log.
      this.options.log?.('refused a malformed update', { boardId: this.boardId, error: String(err).slice(0, 200) })
      closeConnection(conn, CloseReason.MALFORMED_MESSAGE, 'malformed update')
      return
    }
    const changes = this.pendingChanges
    this.pendingChanges = []
    // The server's own corrections (a refused change undone) go to the sender too.
    for (const change of changes) this.pushUnsaved(change.update, change.origin === conn ? conn : undefined)
    for (const [reason, limit] of refusals) send(conn, encodeRefused(reason, limit))
    if (conn.wantsAck) this.waitingForAck.add(conn)
    // Stores earlier unsaved changes (after a storage error) together with this one.
    const stored = await this.persistUnsaved()
    const compact = this.updatesSinceCompaction >= this.options.compactAfterUpdates || (refusals.size > 0 && update.byteLength > COMPACT_REFUSED_BYTES)
    if (stored && compact) await this.compactNow()
  }

  /** Takes `bytes` from the writer's budget for this minute; false when it is spent. */
  private takeWriteBudget(conn: Connection, bytes: number): boolean {
    const perMinute = this.options.maxWriteBytesPerMinute ?? DEFAULT_MAX_WRITE_BYTES_PER_MINUTE
    let bucket = this.writeBudgets.get(conn)
    if (!bucket) this.writeBudgets.set(conn, (bucket = new TokenBucket(perMinute / 60, perMinute)))
    return bucket.take(bytes)
  }

  /**
   * Stores every unsaved change as one update, then broadcasts them, acknowledges waiting clients
   * and sends held sync replies. On a storage error nothing is sent: the changes stay queued, their
   * writers are told (STORAGE_ERROR), and a retry is scheduled. Returns whether all is stored.
   */
  private async persistUnsaved(): Promise<boolean> {
    const batch = this.unsaved
    if (batch.length > 0) {
      const update = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((c) => c.update))
      let seq: number
      try {
        seq = await this.storage.appendUpdate(this.boardId, update)
      } catch (err) {
        this.onStorageError(err)
        return false
      }
      this.appliedSeqs.add(seq)
      this.storedBytes += update.byteLength
      this.updatesSinceCompaction++
      this.options.fanout?.publishUpdate(this.boardId, update, seq)
    }
    this.onStored(batch.length)
    return true
  }

  private pushUnsaved(update: Uint8Array, origin: Connection | undefined): void {
    this.unsaved.push({ update, origin })
    this.unsavedBytes += update.byteLength
  }

  /** The first `count` unsaved changes are durable now: send everything that waited for them. */
  private onStored(count: number): void {
    const batch = this.unsaved.slice(0, count)
    this.unsaved = this.unsaved.slice(count)
    for (const c of batch) this.unsavedBytes -= c.update.byteLength
    for (const c of batch) this.broadcastUpdate(c.update, c.origin)
    if (this.unsaved.length > 0) return
    if (this.toldUnsaved.size > 0 || this.retryTimer) {
      this.options.log?.('storing changes works again', { boardId: this.boardId, stored: count })
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      this.toldUnsaved.clear()
    }
    this.retryDelayMs = PERSIST_RETRY_MS
    // The state vector covers the whole document, so it may only go out when all of it is stored.
    for (const conn of this.waitingForAck) send(conn, encodeSaved(this.doc))
    this.waitingForAck.clear()
    const held = this.heldReplies
    this.heldReplies = []
    for (const reply of held) reply()
  }

  private onStorageError(err: unknown): void {
    if (this.toldUnsaved.size === 0 && !this.retryTimer) {
      this.options.log?.('could not store changes: keeping them and retrying', { boardId: this.boardId, unsaved: this.unsaved.length, error: String(err) })
    }
    const code = (err as { code?: unknown }).code
    const reason = typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'storage error'
    for (const c of this.unsaved) if (c.origin) this.tellUnsaved(c.origin, reason)
    if (this.retryTimer || this.closed) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.enqueue(async () => {
        if (!this.closed && this.unsaved.length > 0) await this.persistUnsaved()
      })
    }, this.retryDelayMs)
    this.retryTimer.unref()
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, PERSIST_RETRY_MAX_MS)
  }

  /** Tells a client, once per storage outage, that changes are not being saved. */
  private tellUnsaved(conn: Connection, reason: string): void {
    if (this.toldUnsaved.has(conn)) return
    this.toldUnsaved.add(conn)
    send(conn, encodeStorageError(`changes are not being saved (${reason})`))
  }

  /** Queues a broadcast; updates of one broadcast interval go out merged, encoded once for everyone. */
  private broadcastUpdate(update: Uint8Array, origin: Connection | undefined): void {
    if (!this.outgoing) {
      this.outgoing = { updates: [], origins: new Set() }
      this.updatePacer.request()
    }
    this.outgoing.updates.push(update)
    this.outgoing.origins.add(origin)
  }

  /**
   * Applies a change made by the server itself (a restore, an agreed version) as one transaction,
   * stores it and broadcasts it to everyone, through the same queue as client updates.
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue(async () => {
        try {
          this.pendingChanges = []
          this.doc.transact(() => change(this.doc), POLICY_ORIGIN)
          const changes = this.pendingChanges
          this.pendingChanges = []
          for (const c of changes) this.pushUnsaved(c.update, undefined)
          // On a storage error the change stays queued and goes out once it is stored.
          if (await this.persistUnsaved()) resolve()
          else reject(new StorageUnavailableError('the change is applied but not stored yet: storage is failing'))
        } catch (err) {
          reject(err)
        }
      })
    })
  }

  private flushBroadcast(): void {
    const batch = this.outgoing
    this.outgoing = null
    if (!batch || batch.updates.length === 0) return
    const merged = batch.updates.length === 1 ? batch.updates[0] : Y.mergeUpdates(batch.updates)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.SYNC)
    syncProtocol.writeUpdate(encoder, merged)
    const message = encoding.toUint8Array(encoder)
    // A lone origin already has its own change; with several, each needs the others' changes.
    const skip = batch.origins.size === 1 ? batch.origins.values().next().value : undefined
    // (A batch from the server itself has origin undefined and skips nobody.)
    for (const conn of this.connections) if (conn !== skip) send(conn, message)
  }

  /** Sends every awareness change of the last interval as one message, encoded once for everyone. */
  private flushAwareness(): void {
    const ids = [...this.outgoingAwareness].filter((id) => this.awareness.meta.has(id))
    this.outgoingAwareness.clear()
    if (ids.length === 0) return
    const message = encodeAwareness(this.awareness, ids)
    for (const conn of this.connections) send(conn, message)
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    // (Which connection owns which id is kept by applyClientAwareness.)
    const changed = added.concat(updated, removed)
    // A state that timed out here may come back at the same clock (re-announced by its server after
    // a fan-out outage); y-protocols ignores an equal clock unless the entry is forgotten.
    if (origin === 'timeout') {
      // Sent at once: the forgotten entries could not be encoded later.
      const message = encodeAwareness(this.awareness, changed)
      for (const id of removed) this.awareness.meta.delete(id)
      for (const id of changed) this.outgoingAwareness.delete(id)
      for (const conn of this.connections) send(conn, message)
    } else {
      for (const id of changed) this.outgoingAwareness.add(id)
      this.awarenessPacer.request()
    }
    // Other servers learn of this server's clients (their changes, and their leaving); states that
    // came from another server, or timed out here, are every server's own business.
    if (this.options.fanout && origin !== REMOTE_ORIGIN && origin !== 'timeout') {
      this.options.fanout.publishAwareness(this.boardId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    }
  }

  /**
   * A change another server process stored (or applied), received over the fan-out. It is durable
   * already, so it goes to this room's clients at once; a row seen before is skipped.
   */
  receiveRemoteUpdate(update: Uint8Array, seq: number | null): void {
    this.enqueue(() => {
      if (this.closed || (seq !== null && this.appliedSeqs.has(seq))) return
      this.applyStoredChange(update, seq)
    })
  }

  /** An awareness update from another server's clients. */
  receiveRemoteAwareness(update: Uint8Array): void {
    if (this.closed) return
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN)
    } catch (err) {
      this.options.log?.('skipped unreadable remote awareness update', { boardId: this.boardId, error: String(err) })
    }
  }

  /** The awareness states of this server's own clients, encoded (for another process's room that asks, or after an outage). */
  encodeLocalAwareness(): Uint8Array | undefined {
    const ids = new Set<number>()
    for (const conn of this.connections) for (const id of conn.awarenessIds) if (this.awareness.getStates().has(id)) ids.add(id)
    return ids.size > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(ids)) : undefined
  }

  /**
   * Reads the stored document and applies every row this room has not applied: changes other server
   * processes stored while their messages could not reach this one (a Redis outage, or the moment
   * between loading and subscribing). Resolves when done; a storage error is logged, not thrown.
   */
  catchUp(): Promise<void> {
    return new Promise((resolve) => {
      this.enqueue(async () => {
        try {
          if (this.closed) return
          // Usually nothing was missed: the sequence numbers alone tell, without reading the data.
          const seqs = await this.storage.listUpdateSeqs(this.boardId)
          this.forgetReplacedSeqs(seqs)
          if (seqs.every((seq) => this.appliedSeqs.has(seq))) return
          this.applyUnappliedRows(await this.storage.loadDocument(this.boardId))
        } catch (err) {
          this.options.log?.('could not catch up with stored changes', { boardId: this.boardId, error: String(err) })
        } finally {
          resolve()
        }
      })
    })
  }

  /** Applies the stored rows this room has not applied yet (another process's, or the CLI's). */
  private applyUnappliedRows(stored: StoredDocument): void {
    for (let i = 0; i < stored.updates.length; i++) {
      if (!this.appliedSeqs.has(stored.seqs[i])) this.applyStoredChange(stored.updates[i], stored.seqs[i])
    }
  }

  /**
   * Applies a change that is already stored (row `seq`, or part of one when null) and sends it on.
   * An unreadable row stays unapplied (so compaction keeps it for the start-up check to quarantine).
   * Rows from others do not count towards compaction: the process that stored them compacts, so
   * several processes do not all compact at once.
   */
  private applyStoredChange(update: Uint8Array, seq: number | null): void {
    this.pendingChanges = []
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
    } catch (err) {
      this.pendingChanges = []
      this.options.log?.('skipped unreadable stored update', { boardId: this.boardId, seq, error: String(err) })
      return
    }
    if (seq !== null) this.appliedSeqs.add(seq)
    const changes = this.pendingChanges
    this.pendingChanges = []
    for (const c of changes) this.broadcastUpdate(c.update, undefined)
  }

  /**
   * Forgets applied rows that are no longer stored (another process compacted them away). Safe
   * because a row is applied only after it was committed, so a fresh read lists it unless deleted.
   */
  private forgetReplacedSeqs(storedSeqs: readonly number[]): void {
    const stored = new Set(storedSeqs)
    for (const seq of this.appliedSeqs) if (!stored.has(seq)) this.appliedSeqs.delete(seq)
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

  /**
   * Replaces the stored rows with one state, atomically (unsaved changes included). Rows appended
   * by others meanwhile (another server process, the admin CLI's import-doc) are applied and sent
   * to the clients first, so compaction never drops them; rows committed after the read stay.
   */
  async compactNow(): Promise<void> {
    if (this.updatesSinceCompaction <= 1 && this.unsaved.length === 0) return
    const stored = await this.storage.loadDocument(this.boardId)
    this.forgetReplacedSeqs(stored.seqs)
    this.applyUnappliedRows(stored)
    // Only rows in the state go; an unreadable one stays for the start-up check to quarantine.
    const replaced = stored.seqs.filter((seq) => this.appliedSeqs.has(seq))
    const state = Y.encodeStateAsUpdate(this.doc)
    const seq = await this.storage.compact(this.boardId, state, replaced)
    for (const r of replaced) this.appliedSeqs.delete(r)
    this.appliedSeqs.add(seq)
    this.storedBytes = state.byteLength
    this.compactedBytes = state.byteLength
    this.updatesSinceCompaction = 1
    const unsaved = this.unsaved.map((c) => c.update)
    // Unsaved changes are stored now, inside the state: other servers get them as part of a row.
    if (unsaved.length > 0) this.options.fanout?.publishUpdate(this.boardId, Y.mergeUpdates(unsaved), null)
    this.onStored(this.unsaved.length)
  }

  /** Frees the room without storing anything more (its board is gone). */
  destroy(): void {
    this.closed = true
    clearTimeout(this.retryTimer)
    this.updatePacer.cancel()
    this.awarenessPacer.cancel()
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** Compacts and frees the room; further messages are ignored. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.retryTimer)
    await this.whenIdle()
    this.updatePacer.flushNow()
    this.awarenessPacer.cancel()
    await this.compactNow()
    // Compaction may have applied rows stored elsewhere: they go out now, not after the room is gone.
    this.updatePacer.flushNow()
    this.awareness.destroy()
    this.doc.destroy()
  }
}

function send(conn: Connection, message: Uint8Array): void {
  const socket = conn.socket
  if (socket.readyState !== socket.OPEN) return
  socket.send(message, (err) => {
    if (err) socket.terminate()
  })
}

function closeConnection(conn: Connection, code: number, reason: string): void {
  if (conn.socket.readyState === conn.socket.OPEN) conn.socket.close(code, reason)
}

function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.AWARENESS)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

function readOrThrow<T>(read: () => T, what: string): T {
  try {
    return read()
  } catch {
    throw new MalformedMessageError(what)
  }
}

function encodeVoteKey(voteId: string, key: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.VOTE_KEY)
  encoding.writeVarString(encoder, voteId)
  encoding.writeVarString(encoder, key)
  return encoding.toUint8Array(encoder)
}

function encodeStorageError(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.STORAGE_ERROR)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

function encodeRefused(reason: DocumentRefusal, limit: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.REFUSED)
  encoding.writeVarString(encoder, reason)
  encoding.writeVarUint(encoder, Math.max(0, Math.floor(limit)))
  return encoding.toUint8Array(encoder)
}

let serverSchema: unknown
/** The tldraw schema this server writes: the only one a client may announce in `meta`. */
function getServerSchema(): unknown {
  return (serverSchema ??= getSerializedSchema())
}

function encodeSaved(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SAVED)
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc))
  return encoding.toUint8Array(encoder)
}
