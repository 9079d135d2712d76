import { CODED_TOKEN_LENGTH } from '../../lib/collab/joinCode'
import { sql, type Kysely } from 'kysely'
import type { Role } from '../../lib/collab/roles'
import type { BoardCatalog, BoardRow, BoardVersionRow, InviteRow, MemberRow, UserRow } from './BoardCatalog'
import type { DB } from './DB'
import { toBytes } from './KyselyDocumentStore'

const BOARD_COLUMNS = ['id', 'title', 'template', 'created_at as createdAt', 'owner_id as ownerId', 'archived_at as archivedAt'] as const
const USER_COLUMNS = ['id', 'kind', 'email', 'name', 'password_hash as passwordHash', 'created_at as createdAt'] as const
const INVITE_COLUMNS = ['token', 'board_id as boardId', 'role', 'created_by as createdBy', 'created_at as createdAt', 'expires_at as expiresAt', 'revoked_at as revokedAt'] as const
const VERSION_COLUMNS = ['id', 'board_id as boardId', 'label', 'created_by as createdBy', 'created_at as createdAt'] as const

/** The catalogue on either dialect; a board and its first document row are created in one transaction. */
export class KyselyBoardCatalog implements BoardCatalog {
  constructor(private readonly db: Kysely<DB>) {}

  async createBoard(board: BoardRow, initialUpdate: Uint8Array): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('boards').values({ id: board.id, title: board.title, template: board.template, created_at: board.createdAt, owner_id: board.ownerId ?? null }).execute()
      await tx.insertInto('doc_updates').values({ board_id: board.id, data: Buffer.from(initialUpdate) }).execute()
      if (board.ownerId) await tx.insertInto('board_members').values({ board_id: board.id, user_id: board.ownerId, role: 'facilitator', joined_at: board.createdAt }).execute()
    })
  }

  getBoard(id: string): Promise<BoardRow | undefined> {
    return this.db.selectFrom('boards').select(BOARD_COLUMNS).where('id', '=', id).executeTakeFirst()
  }

  listBoards(): Promise<BoardRow[]> {
    return this.db.selectFrom('boards').select(BOARD_COLUMNS).orderBy('created_at', 'desc').orderBy('id').execute()
  }

  async renameBoard(id: string, title: string): Promise<void> {
    await this.db.updateTable('boards').set({ title }).where('id', '=', id).execute()
  }

  async setBoardArchived(id: string, archivedAt: number | null): Promise<void> {
    await this.db.updateTable('boards').set({ archived_at: archivedAt }).where('id', '=', id).execute()
  }

  async deleteBoard(id: string): Promise<void> {
    // The schema's foreign keys cascade to the document, members, invites and versions.
    await this.db.deleteFrom('boards').where('id', '=', id).execute()
  }

  listBoardsForUser(userId: string): Promise<(BoardRow & { role: Role })[]> {
    return this.db
      .selectFrom('board_members as m')
      .innerJoin('boards as b', 'b.id', 'm.board_id')
      .select(['b.id', 'b.title', 'b.template', 'b.created_at as createdAt', 'b.owner_id as ownerId', 'b.archived_at as archivedAt', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id')
      .execute()
  }

  async createUser(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values({ id: user.id, kind: user.kind, email: user.email, name: user.name, password_hash: user.passwordHash, created_at: user.createdAt }).execute()
  }

  getUser(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
  }

  getUserByEmail(email: string): Promise<UserRow | undefined> {
    // Both sides lowered by the database, so SQLite matches as its COLLATE NOCASE did (ASCII letters).
    return this.db.selectFrom('users').select(USER_COLUMNS).where(sql`lower(email)`, '=', sql`lower(${email})`).executeTakeFirst()
  }

  async setMember(boardId: string, userId: string, role: Role, joinedAt: number): Promise<void> {
    await this.db
      .insertInto('board_members')
      .values({ board_id: boardId, user_id: userId, role, joined_at: joinedAt })
      .onConflict((oc) => oc.columns(['board_id', 'user_id']).doUpdateSet({ role }))
      .execute()
  }

  async getMemberRole(boardId: string, userId: string): Promise<Role | undefined> {
    const row = await this.db.selectFrom('board_members').select('role').where('board_id', '=', boardId).where('user_id', '=', userId).executeTakeFirst()
    return row?.role
  }

  listMembers(boardId: string): Promise<MemberRow[]> {
    return this.db
      .selectFrom('board_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.board_id as boardId', 'm.user_id as userId', 'm.role', 'm.joined_at as joinedAt', 'u.name', 'u.email', 'u.kind'])
      .where('m.board_id', '=', boardId)
      .orderBy('m.joined_at')
      .orderBy('u.name')
      .execute()
  }

  async removeMember(boardId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('board_members').where('board_id', '=', boardId).where('user_id', '=', userId).execute()
  }

  async createInvite(invite: InviteRow): Promise<void> {
    await this.db
      .insertInto('invites')
      .values({ token: invite.token, board_id: invite.boardId, role: invite.role, created_by: invite.createdBy, created_at: invite.createdAt, expires_at: invite.expiresAt, revoked_at: invite.revokedAt })
      .execute()
  }

  getInvite(token: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('invites').select(INVITE_COLUMNS).where('token', '=', token).executeTakeFirst()
  }

  listInvitesByJoinCode(code: string): Promise<InviteRow[]> {
    // substr, not LIKE or a range: exact and case-sensitive in both databases, whatever the collation.
    // Tokens made before codes are shorter, so none of them is taken for a code.
    return this.db
      .selectFrom('invites')
      .select(INVITE_COLUMNS)
      .where(sql<string>`substr(token, 1, ${code.length})`, '=', code)
      .where(sql<number>`length(token)`, '=', CODED_TOKEN_LENGTH)
      .orderBy('created_at', 'desc')
      .execute()
  }

  listInvites(boardId: string): Promise<InviteRow[]> {
    return this.db.selectFrom('invites').select(INVITE_COLUMNS).where('board_id', '=', boardId).orderBy('created_at', 'desc').execute()
  }

  async revokeInvite(token: string, revokedAt: number): Promise<void> {
    await this.db.updateTable('invites').set({ revoked_at: revokedAt }).where('token', '=', token).where('revoked_at', 'is', null).execute()
  }

  async createVersion(version: BoardVersionRow, state: Uint8Array): Promise<void> {
    await this.db
      .insertInto('board_versions')
      .values({ id: version.id, board_id: version.boardId, label: version.label, created_by: version.createdBy, created_at: version.createdAt, state: Buffer.from(state) })
      .execute()
  }

  listVersions(boardId: string): Promise<BoardVersionRow[]> {
    return this.db.selectFrom('board_versions').select(VERSION_COLUMNS).where('board_id', '=', boardId).orderBy('created_at', 'desc').orderBy('id').execute()
  }

  async getVersion(id: string): Promise<(BoardVersionRow & { state: Uint8Array }) | undefined> {
    const row = await this.db.selectFrom('board_versions').select([...VERSION_COLUMNS, 'state']).where('id', '=', id).executeTakeFirst()
    return row && { ...row, state: toBytes(row.state) }
  }
}
