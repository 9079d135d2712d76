import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { BoardRow, Storage, StoredDocument } from './Storage'

export const SQLITE_FILE_NAME = 'journey-board.sqlite'
/** How long a writer waits for another process (the CLI, a backup) to release the database. */
const BUSY_TIMEOUT_MS = 5_000

const MIGRATIONS: string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     template TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE doc_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE INDEX doc_updates_board ON doc_updates(board_id, seq);`,
]

/**
 * Embedded storage: one SQLite file in WAL mode. Writes are synchronous and committed before the
 * call returns, so an update is on disk before the room broadcasts it; a process crash (kill -9)
 * cannot lose a committed transaction in WAL mode.
 */
export class SqliteStorage implements Storage {
  readonly db: Database.Database
  private readonly stmts

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    this.migrate()
    this.stmts = {
      insertBoard: this.db.prepare('INSERT INTO boards (id, title, template, created_at) VALUES (?, ?, ?, ?)'),
      getBoard: this.db.prepare('SELECT id, title, template, created_at AS createdAt FROM boards WHERE id = ?'),
      listBoards: this.db.prepare('SELECT id, title, template, created_at AS createdAt FROM boards ORDER BY created_at DESC, id'),
      append: this.db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)'),
      load: this.db.prepare('SELECT seq, data FROM doc_updates WHERE board_id = ? ORDER BY seq'),
      deleteThrough: this.db.prepare('DELETE FROM doc_updates WHERE board_id = ? AND seq <= ?'),
    }
  }

  /** Opens the storage file inside a data directory. */
  static inDataDir(dataDir: string): SqliteStorage {
    return new SqliteStorage(path.join(dataDir, SQLITE_FILE_NAME))
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v])
        this.db.pragma(`user_version = ${v + 1}`)
      }).immediate()
    }
  }

  createBoard(board: BoardRow, initialUpdate: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.insertBoard.run(board.id, board.title, board.template, board.createdAt)
      this.stmts.append.run(board.id, Buffer.from(initialUpdate))
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

  loadDocument(boardId: string): StoredDocument {
    const rows = this.stmts.load.all(boardId) as { seq: number; data: Buffer }[]
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      lastSeq: rows.length ? rows[rows.length - 1].seq : 0,
    }
  }

  compact(boardId: string, state: Uint8Array, throughSeq: number): number {
    return this.db.transaction(() => {
      this.stmts.deleteThrough.run(boardId, throughSeq)
      return Number(this.stmts.append.run(boardId, Buffer.from(state)).lastInsertRowid)
    }).immediate()
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
