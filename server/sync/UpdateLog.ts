import * as Y from 'yjs'
import type { DocumentStore, StoredDocument } from '../storage/DocumentStore'

/** What the log needs of storage: a board's rows of document updates. */
export type UpdateLogStore = Pick<DocumentStore, 'appendUpdate' | 'loadDocument' | 'listUpdateSeqs' | 'compact'>

/** First wait before retrying to store queued changes after a storage error; doubles up to the max. */
export const PERSIST_RETRY_MS = 1_000
export const PERSIST_RETRY_MAX_MS = 10_000

/** A change applied to the document but not yet stored, with whoever made it (undefined: the server). */
export interface UnsavedChange<Origin> {
  update: Uint8Array
  origin: Origin | undefined
}

/** What the log tells its room, and asks of it. */
export interface UpdateLogEvents<Origin> {
  /** These changes are durable now, in order. `allStored`: nothing is unsaved any more. */
  onStored(changes: UnsavedChange<Origin>[], allStored: boolean): void
  /** Storing failed; the changes stay queued and are retried. `reason` is short, for their writers. */
  onStorageFailing(changes: readonly UnsavedChange<Origin>[], reason: string): void
  /** Applies a row stored elsewhere (another process, the CLI) and sends it on; false when unreadable. */
  applyStoredRow(update: Uint8Array, seq: number | null): boolean
  /** A stored change, for the other server processes (see ClusterHooks.onStoredUpdate). */
  publish(update: Uint8Array, seq: number | null): void
  /** Runs a retry in the room's queue, in order with every other change. */
  schedule(task: () => Promise<void>): void
  log?: (message: string, context?: Record<string, unknown>) => void
}

/**
 * A board's changes on their way to storage: the unsaved ones (kept in order, retried with backoff
 * while storage fails), the stored rows the document holds, catching up with rows stored elsewhere,
 * and compaction of the rows into one state.
 *
 * Sequence numbers are not a reliable order across server processes, so the log keeps the set of
 * rows the document holds, never an "up to": compaction replaces exactly those, and any other row
 * (another server's, the admin CLI's) is applied first.
 */
export class UpdateLog<Origin> {
  private unsaved: UnsavedChange<Origin>[] = []
  private unsavedBytes = 0
  private readonly appliedSeqs = new Set<number>()
  private updatesSinceCompaction = 0
  /** Bytes of the stored rows (the loaded ones, those appended since, or the compacted state). */
  private storedBytes = 0
  /** `storedBytes` right after the last compaction. */
  private compactedBytes = 0
  private failing = false
  private retryTimer: NodeJS.Timeout | undefined
  private retryDelayMs = PERSIST_RETRY_MS
  private closed = false

  constructor(
    private readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly store: UpdateLogStore,
    private readonly events: UpdateLogEvents<Origin>,
  ) {}

  /** Applies the stored rows to the (empty) document, in one transaction. Unreadable rows are skipped and logged. */
  async load(): Promise<void> {
    const stored = await this.store.loadDocument(this.boardId)
    this.doc.transact(() => {
      stored.updates.forEach((update, i) => {
        try {
          Y.applyUpdate(this.doc, update)
          this.appliedSeqs.add(stored.seqs[i])
        } catch (err) {
          this.events.log?.('skipped unreadable stored update', { boardId: this.boardId, seq: stored.seqs[i], error: String(err) })
        }
      })
    })
    this.storedBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0)
    this.compactedBytes = this.storedBytes
    this.updatesSinceCompaction = stored.updates.length
  }

  get hasUnsaved(): boolean {
    return this.unsaved.length > 0
  }

  /** True when `bytes` more would pass `maxUnsavedBytes` while earlier changes still wait (an outage). */
  wouldOverflow(bytes: number, maxUnsavedBytes: number): boolean {
    return this.unsaved.length > 0 && this.unsavedBytes + bytes > maxUnsavedBytes
  }

  /**
   * Whether `bytes` more would pass `maxBoardBytes`. Rows since the last compaction may hold content
   * deleted since, so before saying yes it compacts and measures the state itself.
   */
  async isFullFor(bytes: number, maxBoardBytes: number): Promise<boolean> {
    if (this.storedBytes + bytes > maxBoardBytes && this.storedBytes - this.compactedBytes > Math.min(1024 * 1024, maxBoardBytes / 16)) {
      try {
        if ((await this.persist()) && this.unsaved.length === 0) await this.compact()
      } catch (err) {
        this.events.log?.('could not compact a full board', { boardId: this.boardId, error: String(err) })
      }
    }
    return this.storedBytes + bytes > maxBoardBytes
  }

  /** Whether `afterUpdates` rows were appended since the last compaction. */
  isDueForCompaction(afterUpdates: number): boolean {
    return this.updatesSinceCompaction >= afterUpdates
  }

  /** Queues an applied change for storing (in order). */
  push(update: Uint8Array, origin: Origin | undefined): void {
    this.unsaved.push({ update, origin })
    this.unsavedBytes += update.byteLength
  }

  /**
   * Stores every unsaved change as one row, then reports them stored. On a storage error they stay
   * queued, their writers are told, and a retry is scheduled. Returns whether all is stored.
   */
  async persist(): Promise<boolean> {
    const batch = this.unsaved
    if (batch.length > 0) {
      const update = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((c) => c.update))
      let seq: number
      try {
        seq = await this.store.appendUpdate(this.boardId, update)
      } catch (err) {
        this.onStorageError(err)
        return false
      }
      this.appliedSeqs.add(seq)
      this.storedBytes += update.byteLength
      this.updatesSinceCompaction++
      this.events.publish(update, seq)
    }
    this.markStored(batch.length)
    return true
  }

  /** Applies a row another process stored, unless the document holds it already. */
  applyRemote(update: Uint8Array, seq: number | null): void {
    if (seq !== null && this.appliedSeqs.has(seq)) return
    if (this.events.applyStoredRow(update, seq) && seq !== null) this.appliedSeqs.add(seq)
  }

  /**
   * Applies every stored row the document does not hold: changes other processes stored while their
   * messages could not reach this one. A storage error is logged, not thrown.
   */
  async catchUp(): Promise<void> {
    try {
      // Usually nothing was missed: the sequence numbers alone tell, without reading the data.
      const seqs = await this.store.listUpdateSeqs(this.boardId)
      this.forgetReplacedSeqs(seqs)
      if (seqs.every((seq) => this.appliedSeqs.has(seq))) return
      this.applyUnappliedRows(await this.store.loadDocument(this.boardId))
    } catch (err) {
      this.events.log?.('could not catch up with stored changes', { boardId: this.boardId, error: String(err) })
    }
  }

  /**
   * Replaces the stored rows with one state, atomically (unsaved changes included). Rows appended by
   * others meanwhile are applied and sent on first, so compaction never drops them; rows committed
   * after the read stay.
   */
  async compact(): Promise<void> {
    if (this.updatesSinceCompaction <= 1 && this.unsaved.length === 0) return
    const stored = await this.store.loadDocument(this.boardId)
    this.forgetReplacedSeqs(stored.seqs)
    this.applyUnappliedRows(stored)
    // Only rows in the state go; an unreadable one stays for the start-up check to quarantine.
    const replaced = stored.seqs.filter((seq) => this.appliedSeqs.has(seq))
    const state = Y.encodeStateAsUpdate(this.doc)
    const seq = await this.store.compact(this.boardId, state, replaced)
    for (const r of replaced) this.appliedSeqs.delete(r)
    this.appliedSeqs.add(seq)
    this.storedBytes = state.byteLength
    this.compactedBytes = state.byteLength
    this.updatesSinceCompaction = 1
    // Unsaved changes are stored now, inside the state: other processes get them as part of a row.
    if (this.unsaved.length > 0) this.events.publish(Y.mergeUpdates(this.unsaved.map((c) => c.update)), null)
    this.markStored(this.unsaved.length)
  }

  /** No more retries (the room is closing; a last compaction may still run). */
  close(): void {
    this.closed = true
    clearTimeout(this.retryTimer)
  }

  /** The first `count` unsaved changes are durable now. */
  private markStored(count: number): void {
    const batch = this.unsaved.slice(0, count)
    this.unsaved = this.unsaved.slice(count)
    for (const c of batch) this.unsavedBytes -= c.update.byteLength
    const allStored = this.unsaved.length === 0
    if (allStored) {
      if (this.failing) {
        this.events.log?.('storing changes works again', { boardId: this.boardId, stored: count })
        this.failing = false
      }
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      this.retryDelayMs = PERSIST_RETRY_MS
    }
    this.events.onStored(batch, allStored)
  }

  private onStorageError(err: unknown): void {
    if (!this.failing) this.events.log?.('could not store changes: keeping them and retrying', { boardId: this.boardId, unsaved: this.unsaved.length, error: String(err) })
    this.failing = true
    const code = (err as { code?: unknown }).code
    this.events.onStorageFailing(this.unsaved, typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'storage error')
    if (this.retryTimer || this.closed) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.events.schedule(async () => {
        if (!this.closed && this.unsaved.length > 0) await this.persist()
      })
    }, this.retryDelayMs)
    this.retryTimer.unref()
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, PERSIST_RETRY_MAX_MS)
  }

  private applyUnappliedRows(stored: StoredDocument): void {
    for (let i = 0; i < stored.updates.length; i++) {
      const seq = stored.seqs[i]
      if (!this.appliedSeqs.has(seq) && this.events.applyStoredRow(stored.updates[i], seq)) this.appliedSeqs.add(seq)
    }
  }

  /**
   * Forgets applied rows that are no longer stored (another process compacted them away). Safe
   * because a row is applied only after it was committed, so a fresh read lists it unless deleted.
   */
  private forgetReplacedSeqs(storedSeqs: readonly number[]): void {
    const stored = new Set(storedSeqs)
    for (const seq of this.appliedSeqs) if (!stored.has(seq)) this.appliedSeqs.delete(seq)
  }
}
