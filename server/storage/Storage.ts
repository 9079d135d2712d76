/** A board's catalogue entry. Times are milliseconds since the epoch. */
export interface BoardRow {
  id: string
  title: string
  template: string
  createdAt: number
}

/** A board's stored Yjs updates, in the order they were appended. */
export interface StoredDocument {
  updates: Uint8Array[]
  /** The sequence number of the last update, for `compact`. 0 when there are none. */
  lastSeq: number
}

/**
 * All persistence goes through this interface: the embedded SQLite backend implements it today and
 * a PostgreSQL backend can implement it for scale-out. Methods may answer synchronously (SQLite) or
 * with a promise; callers await either.
 */
export interface Storage {
  /** Creates the board and its first document state in one transaction: never one without the other. */
  createBoard(board: BoardRow, initialUpdate: Uint8Array): void | Promise<void>
  getBoard(id: string): BoardRow | undefined | Promise<BoardRow | undefined>
  listBoards(): BoardRow[] | Promise<BoardRow[]>
  /** Appends one update durably; returns its sequence number once it is on disk. */
  appendUpdate(boardId: string, update: Uint8Array): number | Promise<number>
  loadDocument(boardId: string): StoredDocument | Promise<StoredDocument>
  /**
   * Atomically replaces every update up to and including `throughSeq` with `state`; returns the
   * sequence number of the stored state. A crash leaves either the old updates or the new state.
   */
  compact(boardId: string, state: Uint8Array, throughSeq: number): number | Promise<number>
  close(): void | Promise<void>
}
