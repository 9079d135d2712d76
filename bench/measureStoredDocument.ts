import fs from 'node:fs'
import Database from 'better-sqlite3'
import * as Y from 'yjs'

export interface StoredDocumentSize {
  /** Sum of `length(data)` of the board's rows in `doc_updates`. */
  storedBytes: number
  rows: number
  /** `Y.encodeStateAsUpdate` of the document rebuilt from those rows. */
  stateBytes: number
  /** The SQLite file and its write-ahead log on disk (all boards, free pages included). */
  fileBytes: number
  walBytes: number
}

/** Reads a board's stored updates from our server's database (read-only, while the server runs). */
export function measureStoredDocument(dbPath: string, boardId: string): StoredDocumentSize {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq').all(boardId) as { data: Buffer }[]
    const doc = new Y.Doc()
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data))
    const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0)
    return {
      storedBytes: rows.reduce((sum, r) => sum + r.data.byteLength, 0),
      rows: rows.length,
      stateBytes: Y.encodeStateAsUpdate(doc).byteLength,
      fileBytes: size(dbPath),
      walBytes: size(`${dbPath}-wal`),
    }
  } finally {
    db.close()
  }
}
