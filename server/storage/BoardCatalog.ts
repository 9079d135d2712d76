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

/**
 * Everything about boards but their documents: the boards themselves, people, memberships,
 * invites and saved versions. Every write is committed before its promise resolves.
 */
export interface BoardCatalog {
  /**
   * Creates the board, its first document state (the DocumentStore's first row) and its owner's
   * membership in one transaction: never one without the other.
   */
  createBoard(board: BoardRow, initialUpdate: Uint8Array): Promise<void>
  getBoard(id: string): Promise<BoardRow | undefined>
  listBoards(): Promise<BoardRow[]>
  renameBoard(id: string, title: string): Promise<void>
  setBoardArchived(id: string, archivedAt: number | null): Promise<void>
  /** Deletes the board with its document, members, invites and versions. */
  deleteBoard(id: string): Promise<void>
  /** Boards a user owns or is a member of, newest first. */
  listBoardsForUser(userId: string): Promise<(BoardRow & { role: Role })[]>

  createUser(user: UserRow): Promise<void>
  getUser(id: string): Promise<UserRow | undefined>
  /** Matches the address case-insensitively (ASCII letters, as the sign-in form expects). */
  getUserByEmail(email: string): Promise<UserRow | undefined>

  /** Adds a member, or changes the role of an existing one. */
  setMember(boardId: string, userId: string, role: Role, joinedAt: number): Promise<void>
  getMemberRole(boardId: string, userId: string): Promise<Role | undefined>
  listMembers(boardId: string): Promise<MemberRow[]>
  removeMember(boardId: string, userId: string): Promise<void>

  createInvite(invite: InviteRow): Promise<void>
  getInvite(token: string): Promise<InviteRow | undefined>
  /** Invites whose token starts with this join code (lib/collab/joinCode.ts), newest first. */
  listInvitesByJoinCode(code: string): Promise<InviteRow[]>
  listInvites(boardId: string): Promise<InviteRow[]>
  /** Marks an invite revoked; an invite already revoked keeps its first revocation time. */
  revokeInvite(token: string, revokedAt: number): Promise<void>

  /** Stores a snapshot (the full Yjs state) of a board under a label. */
  createVersion(version: BoardVersionRow, state: Uint8Array): Promise<void>
  /** A board's versions, newest first (without their state). */
  listVersions(boardId: string): Promise<BoardVersionRow[]>
  getVersion(id: string): Promise<(BoardVersionRow & { state: Uint8Array }) | undefined>
}
