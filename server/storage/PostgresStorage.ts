import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Role } from '../../lib/collab/roles'
import type { BackupInfo, BackupSummary } from './inspectBackupFile'
import { getKyselyMigrations } from './kyselyMigrations'
import { backupPostgres, restorePostgres } from './postgresBackup'
import type { BackupOptions } from './writeBackupFile'
import type { BoardRow, BoardVersionRow, InviteRow, MemberRow, Storage, StoredDocument, UserRow } from './Storage'

// bigint columns hold millisecond times and sequence numbers, all far below 2^53: read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value))

/* eslint-disable @typescript-eslint/no-explicit-any -- the query builder is used untyped here */
type Db = Kysely<any>

const BOARD_COLUMNS = ['id', 'title', 'template', 'created_at as createdAt', 'owner_id as ownerId', 'archived_at as archivedAt'] as const
const USER_COLUMNS = ['id', 'kind', 'email', 'name', 'password_hash as passwordHash', 'created_at as createdAt'] as const
const INVITE_COLUMNS = ['token', 'board_id as boardId', 'role', 'created_by as createdBy', 'created_at as createdAt', 'expires_at as expiresAt', 'revoked_at as revokedAt'] as const

const COMPACT_DELETE_CHUNK = 5_000

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/**
 * PostgreSQL storage for scale-out (`DATABASE_URL=postgres://…`), behind the same interface as the
 * embedded SQLite file. Every write is committed before the call resolves, so the room's
 * durable-before-broadcast rule holds here too. Schema migrations run through Kysely's Migrator.
 */
export class PostgresStorage implements Storage {
  private constructor(private readonly db: Db) {}

  /** Connects and brings the schema up to date (Kysely's Migrator takes a lock for concurrent starts). */
  static async connect(connectionString: string, schema?: string): Promise<PostgresStorage> {
    const pool = new pg.Pool({ connectionString, max: 10, options: schema ? `-c search_path=${schema}` : undefined })
    const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) })
    try {
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
      // The migration tables live in the schema the tables go to (a search_path in DATABASE_URL
      // included): left unnamed, Kysely would take one of the same name in any schema for ours.
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
      const tableSchema = rows[0]?.schema
      if (!tableSchema) throw new Error('DATABASE_URL: the search_path names no existing schema to create the tables in')
      const migrator = new Migrator({ db, provider: { getMigrations: async () => getKyselyMigrations('postgres') }, migrationTableSchema: tableSchema })
      const { error } = await migrator.migrateToLatest()
      if (error) throw error instanceof Error ? error : new Error(String(error))
    } catch (err) {
      await db.destroy()
      throw err
    }
    return new PostgresStorage(db)
  }

  /**
   * Writes a consistent copy of everything (one repeatable-read snapshot, while servers keep
   * writing) to a new file in the backup format: an SQLite file, as the embedded backend's backups,
   * so either backend restores it. Refuses to overwrite a file.
   */
  backupTo(file: string, options: BackupOptions = {}): Promise<BackupSummary> {
    return backupPostgres(this.db, file, options)
  }

  /**
   * Restores a backup file (from either backend) into an empty database, in one transaction; an
   * older backup is migrated to this version's schema first. The backup file is not changed.
   */
  static async restoreBackup(backupFile: string, connectionString: string, schema?: string): Promise<BackupInfo> {
    const storage = await PostgresStorage.connect(connectionString, schema)
    try {
      return await restorePostgres(storage.db, backupFile)
    } finally {
      await storage.close()
    }
  }

  async createBoard(board: BoardRow, initialUpdate: Uint8Array): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('boards').values({ id: board.id, title: board.title, template: board.template, created_at: board.createdAt, owner_id: board.ownerId ?? null }).execute()
      await tx.insertInto('doc_updates').values({ board_id: board.id, data: Buffer.from(initialUpdate) }).execute()
      if (board.ownerId) await tx.insertInto('board_members').values({ board_id: board.id, user_id: board.ownerId, role: 'facilitator', joined_at: board.createdAt }).execute()
    })
  }

  async getBoard(id: string): Promise<BoardRow | undefined> {
    return (await this.db.selectFrom('boards').select(BOARD_COLUMNS).where('id', '=', id).executeTakeFirst()) as BoardRow | undefined
  }

  async listBoards(): Promise<BoardRow[]> {
    return (await this.db.selectFrom('boards').select(BOARD_COLUMNS).orderBy('created_at', 'desc').orderBy('id').execute()) as BoardRow[]
  }

  async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
    const row = await this.db.insertInto('doc_updates').values({ board_id: boardId, data: Buffer.from(update) }).returning('seq').executeTakeFirstOrThrow()
    return Number(row.seq)
  }

  async listUpdateSeqs(boardId: string): Promise<number[]> {
    const rows = (await this.db.selectFrom('doc_updates').select('seq').where('board_id', '=', boardId).orderBy('seq').execute()) as { seq: number }[]
    return rows.map((r) => r.seq)
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    const rows = (await this.db.selectFrom('doc_updates').select(['seq', 'data']).where('board_id', '=', boardId).orderBy('seq').execute()) as { seq: number; data: Buffer }[]
    return { updates: rows.map((r) => toBytes(r.data)), seqs: rows.map((r) => r.seq), lastSeq: rows.length ? rows[rows.length - 1].seq : 0 }
  }

  async compact(boardId: string, state: Uint8Array, replacedSeqs: readonly number[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      // In chunks: a statement takes at most 65,535 parameters.
      for (let i = 0; i < replacedSeqs.length; i += COMPACT_DELETE_CHUNK) {
        const seqs = replacedSeqs.slice(i, i + COMPACT_DELETE_CHUNK)
        await tx.deleteFrom('doc_updates').where('board_id', '=', boardId).where('seq', 'in', seqs).execute()
      }
      const row = await tx.insertInto('doc_updates').values({ board_id: boardId, data: Buffer.from(state) }).returning('seq').executeTakeFirstOrThrow()
      return Number(row.seq)
    })
  }

  async quarantineUpdate(boardId: string, seq: number, reason: string, at: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('doc_updates').select('data').where('board_id', '=', boardId).where('seq', '=', seq).executeTakeFirst()
      if (!row) return
      await tx.insertInto('quarantined_updates').values({ board_id: boardId, seq, data: row.data, reason, quarantined_at: at }).execute()
      await tx.deleteFrom('doc_updates').where('board_id', '=', boardId).where('seq', '=', seq).execute()
    })
  }

  async close(): Promise<void> {
    await this.db.destroy()
  }

  async renameBoard(id: string, title: string): Promise<void> {
    await this.db.updateTable('boards').set({ title }).where('id', '=', id).execute()
  }

  async setBoardArchived(id: string, archivedAt: number | null): Promise<void> {
    await this.db.updateTable('boards').set({ archived_at: archivedAt }).where('id', '=', id).execute()
  }

  async deleteBoard(id: string): Promise<void> {
    await this.db.deleteFrom('boards').where('id', '=', id).execute()
  }

  async listBoardsForUser(userId: string): Promise<(BoardRow & { role: Role })[]> {
    return (await this.db
      .selectFrom('board_members as m')
      .innerJoin('boards as b', 'b.id', 'm.board_id')
      .select(['b.id', 'b.title', 'b.template', 'b.created_at as createdAt', 'b.owner_id as ownerId', 'b.archived_at as archivedAt', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id')
      .execute()) as (BoardRow & { role: Role })[]
  }

  async createUser(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values({ id: user.id, kind: user.kind, email: user.email, name: user.name, password_hash: user.passwordHash, created_at: user.createdAt }).execute()
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    return (await this.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()) as UserRow | undefined
  }

  async getUserByEmail(email: string): Promise<UserRow | undefined> {
    return (await this.db.selectFrom('users').select(USER_COLUMNS).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()) as UserRow | undefined
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
    return row?.role as Role | undefined
  }

  async listMembers(boardId: string): Promise<MemberRow[]> {
    return (await this.db
      .selectFrom('board_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.board_id as boardId', 'm.user_id as userId', 'm.role', 'm.joined_at as joinedAt', 'u.name', 'u.email', 'u.kind'])
      .where('m.board_id', '=', boardId)
      .orderBy('m.joined_at')
      .orderBy('u.name')
      .execute()) as MemberRow[]
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

  async getInvite(token: string): Promise<InviteRow | undefined> {
    return (await this.db.selectFrom('invites').select(INVITE_COLUMNS).where('token', '=', token).executeTakeFirst()) as InviteRow | undefined
  }

  async listInvites(boardId: string): Promise<InviteRow[]> {
    return (await this.db.selectFrom('invites').select(INVITE_COLUMNS).where('board_id', '=', boardId).orderBy('created_at', 'desc').execute()) as InviteRow[]
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

  async listVersions(boardId: string): Promise<BoardVersionRow[]> {
    return (await this.db
      .selectFrom('board_versions')
      .select(['id', 'board_id as boardId', 'label', 'created_by as createdBy', 'created_at as createdAt'])
      .where('board_id', '=', boardId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute()) as BoardVersionRow[]
  }

  async getVersion(id: string): Promise<(BoardVersionRow & { state: Uint8Array }) | undefined> {
    const row = (await this.db
      .selectFrom('board_versions')
      .select(['id', 'board_id as boardId', 'label', 'created_by as createdBy', 'created_at as createdAt', 'state'])
      .where('id', '=', id)
      .executeTakeFirst()) as (BoardVersionRow & { state: Buffer }) | undefined
    return row && { ...row, state: toBytes(row.state) }
  }
}
