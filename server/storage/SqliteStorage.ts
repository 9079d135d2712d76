import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Role } from '../../lib/collab/roles'
import { inspectBackupFile, type BackupInfo, type BackupSummary } from './inspectBackupFile'
import { migrateSqlite } from './migrateSqlite'
import { prepareSqliteFile, secureDataDir } from './secureDataDir'
import { BACKUP_SECRET_TABLE, writeBackupFile, type BackupOptions } from './writeBackupFile'
import type { BoardRow, BoardVersionRow, InviteRow, MemberRow, Storage, StoredDocument, UserRow } from './Storage'

export const SQLITE_FILE_NAME = 'journey-board.sqlite'
/** How long a writer waits for another process (the CLI, a backup) to release the database. */
const BUSY_TIMEOUT_MS = 5_000

/** Pages per backup step: all of them, so the copy is one read transaction (a consistent snapshot). */
const BACKUP_ALL_PAGES = 0x7fffffff

const BOARD_COLUMNS = 'id, title, template, created_at AS createdAt, owner_id AS ownerId, archived_at AS archivedAt'
const USER_COLUMNS = 'id, kind, email, name, password_hash AS passwordHash, created_at AS createdAt'
const INVITE_COLUMNS = 'token, board_id AS boardId, role, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt'

/**
 * Embedded storage: one SQLite file in WAL mode. Writes are synchronous and committed before the
 * call returns, so an update is on disk before the room broadcasts it; a process crash (kill -9)
 * cannot lose a committed transaction in WAL mode.
 */
export class SqliteStorage implements Storage {
  private readonly stmts

  /** Opens (creating it if need be) a database file and brings its schema up to date. */
  static async open(file: string): Promise<SqliteStorage> {
    if (file !== ':memory:') {
      // Password hashes live here: the folder and the files are the owner's alone.
      secureDataDir(path.dirname(file))
      prepareSqliteFile(file)
    }
    const db = new Database(file)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      await migrateSqlite(db)
    } catch (err) {
      db.close()
      throw err
    }
    return new SqliteStorage(db)
  }

  /** Opens the storage file inside a data directory. */
  static inDataDir(dataDir: string): Promise<SqliteStorage> {
    return SqliteStorage.open(path.join(dataDir, SQLITE_FILE_NAME))
  }

  private constructor(readonly db: Database.Database) {
    this.stmts = {
      insertBoard: this.db.prepare('INSERT INTO boards (id, title, template, created_at, owner_id) VALUES (?, ?, ?, ?, ?)'),
      getBoard: this.db.prepare(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = ?`),
      listBoards: this.db.prepare(`SELECT ${BOARD_COLUMNS} FROM boards ORDER BY created_at DESC, id`),
      renameBoard: this.db.prepare('UPDATE boards SET title = ? WHERE id = ?'),
      archiveBoard: this.db.prepare('UPDATE boards SET archived_at = ? WHERE id = ?'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
      listBoardsForUser: this.db.prepare(
        `SELECT b.id, b.title, b.template, b.created_at AS createdAt, b.owner_id AS ownerId, b.archived_at AS archivedAt, m.role
         FROM board_members m JOIN boards b ON b.id = m.board_id WHERE m.user_id = ? ORDER BY b.created_at DESC, b.id`,
      ),
      insertUser: this.db.prepare('INSERT INTO users (id, kind, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getUser: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
      getUserByEmail: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ? COLLATE NOCASE`),
      setMember: this.db.prepare(
        `INSERT INTO board_members (board_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      getMemberRole: this.db.prepare('SELECT role FROM board_members WHERE board_id = ? AND user_id = ?'),
      listMembers: this.db.prepare(
        `SELECT m.board_id AS boardId, m.user_id AS userId, m.role, m.joined_at AS joinedAt, u.name, u.email, u.kind
         FROM board_members m JOIN users u ON u.id = m.user_id WHERE m.board_id = ? ORDER BY m.joined_at, u.name`,
      ),
      removeMember: this.db.prepare('DELETE FROM board_members WHERE board_id = ? AND user_id = ?'),
      insertInvite: this.db.prepare('INSERT INTO invites (token, board_id, role, created_by, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      getInvite: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE token = ?`),
      listInvites: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE board_id = ? ORDER BY created_at DESC`),
      revokeInvite: this.db.prepare('UPDATE invites SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL'),
      insertVersion: this.db.prepare('INSERT INTO board_versions (id, board_id, label, created_by, created_at, state) VALUES (?, ?, ?, ?, ?, ?)'),
      listVersions: this.db.prepare('SELECT id, board_id AS boardId, label, created_by AS createdBy, created_at AS createdAt FROM board_versions WHERE board_id = ? ORDER BY created_at DESC, id'),
      getVersion: this.db.prepare('SELECT id, board_id AS boardId, label, created_by AS createdBy, created_at AS createdAt, state FROM board_versions WHERE id = ?'),
      append: this.db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)'),
      load: this.db.prepare('SELECT seq, data FROM doc_updates WHERE board_id = ? ORDER BY seq'),
      listSeqs: this.db.prepare('SELECT seq FROM doc_updates WHERE board_id = ? ORDER BY seq').pluck(),
      quarantine: this.db.prepare(
        'INSERT INTO quarantined_updates (board_id, seq, data, reason, quarantined_at) SELECT board_id, seq, data, ?, ? FROM doc_updates WHERE board_id = ? AND seq = ?',
      ),
      deleteUpdate: this.db.prepare('DELETE FROM doc_updates WHERE board_id = ? AND seq = ?'),
    }
  }

  createBoard(board: BoardRow, initialUpdate: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.insertBoard.run(board.id, board.title, board.template, board.createdAt, board.ownerId ?? null)
      this.stmts.append.run(board.id, Buffer.from(initialUpdate))
      if (board.ownerId) this.stmts.setMember.run(board.id, board.ownerId, 'facilitator', board.createdAt)
    }).immediate()
  }

  getBoard(id: string): BoardRow | undefined {
    return this.stmts.getBoard.get(id) as BoardRow | undefined
  }

  listBoards(): BoardRow[] {
    return this.stmts.listBoards.all() as BoardRow[]
  }

  appendUpdate(boardId: string, update: Uint8Array): number {
    return Number(this.stmts.append.run(boardId, Buffer.from(update)).lastInsertRowid)
  }

  listUpdateSeqs(boardId: string): number[] {
    return this.stmts.listSeqs.all(boardId) as number[]
  }

  loadDocument(boardId: string): StoredDocument {
    const rows = this.stmts.load.all(boardId) as { seq: number; data: Buffer }[]
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      seqs: rows.map((r) => r.seq),
      lastSeq: rows.length ? rows[rows.length - 1].seq : 0,
    }
  }

  compact(boardId: string, state: Uint8Array, replacedSeqs: readonly number[]): number {
    return this.db.transaction(() => {
      for (const seq of replacedSeqs) this.stmts.deleteUpdate.run(boardId, seq)
      return Number(this.stmts.append.run(boardId, Buffer.from(state)).lastInsertRowid)
    }).immediate()
  }

  quarantineUpdate(boardId: string, seq: number, reason: string, at: number): void {
    this.db.transaction(() => {
      this.stmts.quarantine.run(reason, at, boardId, seq)
      this.stmts.deleteUpdate.run(boardId, seq)
    }).immediate()
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  /**
   * Writes a consistent copy of the whole database (boards, documents, users, members, invites) to
   * a new file with SQLite's online backup API, while this and other processes keep writing. The
   * copy is one self-contained file (rollback journal, not WAL). Refuses to overwrite a file.
   */
  backupTo(file: string, options: BackupOptions = {}): Promise<BackupSummary> {
    return writeBackupFile(
      file,
      async (partial) => {
        await this.db.backup(partial, { progress: () => BACKUP_ALL_PAGES })
      },
      options,
    )
  }

  /**
   * Restores a backup into a data directory that holds no boards, checking the backup first; an
   * older backup is migrated to this version's schema. Run it with the server stopped. The data
   * directory's `nextauth-secret` is not part of a backup: without it sessions and sync tokens
   * signed before are no longer valid (people sign in again).
   */
  static async restoreBackup(backupFile: string, dataDir: string): Promise<BackupInfo & { file: string }> {
    const info = await inspectBackupFile(backupFile)
    const target = path.join(dataDir, SQLITE_FILE_NAME)
    if (fs.existsSync(target)) {
      const existing = new Database(target, { readonly: true, fileMustExist: true })
      try {
        const hasBoards = existing.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'boards'").get()
        const boards = hasBoards ? (existing.prepare('SELECT count(*) FROM boards').pluck().get() as number) : 0
        if (boards > 0) {
          throw new Error(`Refusing to restore: ${dataDir} already has a database with ${boards} board(s). Restore into an empty data directory, or move ${target} away first.`)
        }
      } finally {
        existing.close()
      }
    }
    secureDataDir(dataDir)
    prepareSqliteFile(target)
    const source = new Database(backupFile, { readonly: true, fileMustExist: true })
    try {
      await source.backup(target, { progress: () => BACKUP_ALL_PAGES })
    } finally {
      source.close()
    }
    // Opening migrates an older backup and switches the file back to WAL.
    const restored = await SqliteStorage.open(target)
    // A backup made with --with-secret carries the secret; the CLI puts it back in its own file.
    restored.db.exec(`DROP TABLE IF EXISTS ${BACKUP_SECRET_TABLE}`)
    const boards = restored.listBoards().length
    restored.close()
    return { ...info, boards, file: target }
  }

  renameBoard(id: string, title: string): void {
    this.stmts.renameBoard.run(title, id)
  }

  setBoardArchived(id: string, archivedAt: number | null): void {
    this.stmts.archiveBoard.run(archivedAt, id)
  }

  deleteBoard(id: string): void {
    this.stmts.deleteBoard.run(id)
  }

  listBoardsForUser(userId: string): (BoardRow & { role: Role })[] {
    return this.stmts.listBoardsForUser.all(userId) as (BoardRow & { role: Role })[]
  }

  createUser(user: UserRow): void {
    this.stmts.insertUser.run(user.id, user.kind, user.email, user.name, user.passwordHash, user.createdAt)
  }

  getUser(id: string): UserRow | undefined {
    return this.stmts.getUser.get(id) as UserRow | undefined
  }

  getUserByEmail(email: string): UserRow | undefined {
    return this.stmts.getUserByEmail.get(email) as UserRow | undefined
  }

  setMember(boardId: string, userId: string, role: Role, joinedAt: number): void {
    this.stmts.setMember.run(boardId, userId, role, joinedAt)
  }

  getMemberRole(boardId: string, userId: string): Role | undefined {
    return (this.stmts.getMemberRole.get(boardId, userId) as { role: Role } | undefined)?.role
  }

  listMembers(boardId: string): MemberRow[] {
    return this.stmts.listMembers.all(boardId) as MemberRow[]
  }

  removeMember(boardId: string, userId: string): void {
    this.stmts.removeMember.run(boardId, userId)
  }

  createInvite(invite: InviteRow): void {
    this.stmts.insertInvite.run(invite.token, invite.boardId, invite.role, invite.createdBy, invite.createdAt, invite.expiresAt, invite.revokedAt)
  }

  getInvite(token: string): InviteRow | undefined {
    return this.stmts.getInvite.get(token) as InviteRow | undefined
  }

  listInvites(boardId: string): InviteRow[] {
    return this.stmts.listInvites.all(boardId) as InviteRow[]
  }

  revokeInvite(token: string, revokedAt: number): void {
    this.stmts.revokeInvite.run(revokedAt, token)
  }

  createVersion(version: BoardVersionRow, state: Uint8Array): void {
    this.stmts.insertVersion.run(version.id, version.boardId, version.label, version.createdBy, version.createdAt, Buffer.from(state))
  }

  listVersions(boardId: string): BoardVersionRow[] {
    return this.stmts.listVersions.all(boardId) as BoardVersionRow[]
  }

  getVersion(id: string): (BoardVersionRow & { state: Uint8Array }) | undefined {
    const row = this.stmts.getVersion.get(id) as (BoardVersionRow & { state: Buffer }) | undefined
    return row && { ...row, state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) }
  }
}
