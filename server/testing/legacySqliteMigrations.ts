import type Database from 'better-sqlite3'

/**
 * The hand-written SQLite migrations of the versions before the schema moved to Kysely, verbatim
 * (commit ad5f117, server/storage/SqliteStorage.ts). Those versions ran entry N and set
 * PRAGMA user_version = N + 1. Kept only so tests can make the files those versions made.
 */
export const LEGACY_SQLITE_MIGRATIONS: string[] = [
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
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('account', 'guest')),
     email TEXT UNIQUE,
     name TEXT NOT NULL,
     password_hash TEXT,
     created_at INTEGER NOT NULL
   );
   ALTER TABLE boards ADD COLUMN owner_id TEXT REFERENCES users(id) ON DELETE SET NULL;
   ALTER TABLE boards ADD COLUMN archived_at INTEGER;
   CREATE TABLE board_members (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     joined_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, user_id)
   );
   CREATE INDEX board_members_user ON board_members(user_id);
   CREATE TABLE invites (
     token TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER,
     revoked_at INTEGER
   );
   CREATE INDEX invites_board ON invites(board_id);`,
  `CREATE TABLE quarantined_updates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     reason TEXT NOT NULL,
     quarantined_at INTEGER NOT NULL
   );
   CREATE INDEX quarantined_updates_board ON quarantined_updates(board_id);`,
  `CREATE TABLE board_versions (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     label TEXT NOT NULL,
     created_by TEXT,
     created_at INTEGER NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX board_versions_board ON board_versions(board_id, created_at);`,
]

/** Makes a database as the version with schema `userVersion` (1–4) left it, as that version did. */
export function applyLegacySqliteMigrations(db: Database.Database, userVersion: number): void {
  for (let v = 0; v < userVersion; v++) {
    db.transaction(() => {
      db.exec(LEGACY_SQLITE_MIGRATIONS[v])
      db.pragma(`user_version = ${v + 1}`)
    }).immediate()
  }
}
