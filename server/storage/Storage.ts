import type { Role } from '../../lib/collab/roles'

/** A board's catalogue entry. Times are milliseconds since the epoch. */
export interface BoardRow {
  id: string
  title: string
  template: string
  createdAt: number
  /** The facilitator who created it; null for boards made by the admin CLI. */
  ownerId?: string | null
  archivedAt?: number | null
}

/** A person: an account (email and password, or OAuth) or a guest who joined through an invite. */
export interface UserRow {
  id: string
  kind: 'account' | 'guest'
  email: string | null
  name: string
  /** scrypt hash; null for guests and OAuth accounts. */
  passwordHash: string | null
  createdAt: number
}

export interface MemberRow {
  boardId: string
  userId: string
  role: Role
  joinedAt: number
  name: string
  email: string | null
  kind: UserRow['kind']
}

export interface InviteRow {
  token: string
  boardId: string
  role: Role
  createdBy: string | null
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
}

/** A snapshot of a board marked "agreed" (or saved) with a label. */
export interface BoardVersionRow {
  id: string
  boardId: string
  label: string
  createdBy: string | null
  createdAt: number
}

type Maybe<T> = T | Promise<T>

/** A board's stored Yjs updates, in the order they were appended. */
export interface StoredDocument {
  updates: Uint8Array[]
  /** The sequence number of each update, in the same order. */
  seqs: number[]
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
  /** The sequence numbers of a board's stored updates, in order (cheap: no data), to spot missed rows. */
  listUpdateSeqs(boardId: string): Maybe<number[]>
  /**
   * Atomically replaces the updates numbered `replacedSeqs` (the rows `state` was built from) with
   * `state`; returns the sequence number of the stored state. A crash leaves either the old updates
   * or the new state. Only the listed rows go: with several servers on one database, a row another
   * server committed after this one read the document (sequence numbers are not handed out in commit
   * order) must survive until someone has applied it.
   */
  compact(boardId: string, state: Uint8Array, replacedSeqs: readonly number[]): number | Promise<number>
  /**
   * Moves one stored update out of the document into quarantine (kept with the reason, not served),
   * atomically. Used when a stored update cannot be decoded or applied.
   */
  quarantineUpdate(boardId: string, seq: number, reason: string, at: number): Maybe<void>
  close(): void | Promise<void>

  renameBoard(id: string, title: string): Maybe<void>
  setBoardArchived(id: string, archivedAt: number | null): Maybe<void>
  /** Deletes the board with its document, members and invites. */
  deleteBoard(id: string): Maybe<void>
  /** Boards a user owns or is a member of, newest first. */
  listBoardsForUser(userId: string): Maybe<(BoardRow & { role: Role })[]>

  createUser(user: UserRow): Maybe<void>
  getUser(id: string): Maybe<UserRow | undefined>
  getUserByEmail(email: string): Maybe<UserRow | undefined>

  /** Adds a member, or changes the role of an existing one. */
  setMember(boardId: string, userId: string, role: Role, joinedAt: number): Maybe<void>
  getMemberRole(boardId: string, userId: string): Maybe<Role | undefined>
  listMembers(boardId: string): Maybe<MemberRow[]>
  removeMember(boardId: string, userId: string): Maybe<void>

  createInvite(invite: InviteRow): Maybe<void>
  getInvite(token: string): Maybe<InviteRow | undefined>
  listInvites(boardId: string): Maybe<InviteRow[]>
  revokeInvite(token: string, revokedAt: number): Maybe<void>

  /** Stores a snapshot (the full Yjs state) of a board under a label. */
  createVersion(version: BoardVersionRow, state: Uint8Array): Maybe<void>
  /** A board's versions, newest first (without their state). */
  listVersions(boardId: string): Maybe<BoardVersionRow[]>
  getVersion(id: string): Maybe<(BoardVersionRow & { state: Uint8Array }) | undefined>
}
