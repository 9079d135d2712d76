/** A board's stored Yjs updates, in the order they were appended. */
export interface StoredDocument {
  updates: Uint8Array[]
  /** The sequence number of each update, in the same order. */
  seqs: number[]
}

/**
 * The boards' documents: each board's rows of Yjs updates (tldraw's TLSyncStorage covers only this
 * too). A board's first row is written with the board itself, by BoardCatalog.createBoard. Every
 * write is committed before its promise resolves.
 */
export interface DocumentStore {
  /** Appends one update durably; returns its sequence number once it is on disk. */
  appendUpdate(boardId: string, update: Uint8Array): Promise<number>
  loadDocument(boardId: string): Promise<StoredDocument>
  /** The sequence numbers of a board's stored updates, in order (cheap: no data), to spot missed rows. */
  listUpdateSeqs(boardId: string): Promise<number[]>
  /**
   * Atomically replaces the updates numbered `replacedSeqs` (the rows `state` was built from) with
   * `state`; returns the sequence number of the stored state. A crash leaves either the old updates
   * or the new state. Only the listed rows go: with several servers on one database, a row another
   * server committed after this one read the document (sequence numbers are not handed out in commit
   * order) must survive until someone has applied it.
   */
  compact(boardId: string, state: Uint8Array, replacedSeqs: readonly number[]): Promise<number>
  /**
   * Moves one stored update out of the document into quarantine (kept with the reason, not served),
   * atomically. Used when a stored update cannot be decoded or applied.
   */
  quarantineUpdate(boardId: string, seq: number, reason: string, at: number): Promise<void>
}
