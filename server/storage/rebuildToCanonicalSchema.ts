import type Database from 'better-sqlite3'

interface SchemaObject {
  name: string
  sql: string
}

function tables(db: Database.Database): SchemaObject[] {
  return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name").all() as SchemaObject[]
}

function indexesOf(db: Database.Database, table: string): string[] {
  return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table) as string[]
}

function columnsOf(db: Database.Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]
}

/** The table's AUTOINCREMENT high-water mark, if it has one. */
function sequenceOf(db: Database.Database, table: string): number | undefined {
  const hasSequences = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get()
  return hasSequences ? (db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined) : undefined
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Makes every table of `db` exactly as in `reference` (a database migrated from nothing by the same
 * migrations), keeping the rows: for an adopted file, whose tables were made by the hand-written
 * migrations of earlier versions and differ in foreign keys and column types. A differing table is
 * rebuilt the SQLite way (sqlite.org/lang_altertable.html, "other kinds of table schema changes"):
 * a new table from the reference's SQL, the common columns copied in, the old one dropped, the new
 * one renamed, its indexes made again. AUTOINCREMENT counters keep their high-water mark, so a
 * compacted-away sequence number is never handed out again.
 *
 * The caller holds the write transaction and has turned foreign keys off before it began (SQLite
 * ignores the pragma inside a transaction): dropping a parent table would otherwise cascade.
 * Before returning, `PRAGMA foreign_key_check` must find no row that breaks the new keys.
 */
export function rebuildToCanonicalSchema(db: Database.Database, reference: Database.Database): string[] {
  const current = new Map(tables(db).map((t) => [t.name, t.sql]))
  const rebuilt: string[] = []
  for (const { name, sql } of tables(reference)) {
    if (!current.has(name) || current.get(name) === sql) continue
    const temporary = `${name}__canonical`
    const create = sql.replace(/^CREATE TABLE ("?)([^"\s(]+)\1/i, (_match, _quote, table: string) => {
      if (table !== name) throw new Error(`Unexpected CREATE TABLE for ${name}: ${sql}`)
      return `CREATE TABLE ${quote(temporary)}`
    })
    const kept = columnsOf(db, name)
    const columns = columnsOf(reference, name).filter((c) => kept.includes(c)).map(quote).join(', ')
    const sequence = sequenceOf(db, name)
    db.exec(create)
    db.exec(`INSERT INTO ${quote(temporary)} (${columns}) SELECT ${columns} FROM ${quote(name)}`)
    db.exec(`DROP TABLE ${quote(name)}`)
    db.exec(`ALTER TABLE ${quote(temporary)} RENAME TO ${quote(name)}`)
    for (const index of indexesOf(reference, name)) db.exec(index)
    if (sequence !== undefined) {
      const now = sequenceOf(db, name) ?? 0
      db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(name)
      db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(name, Math.max(now, sequence))
    }
    rebuilt.push(name)
  }
  const broken = db.prepare('PRAGMA foreign_key_check').all()
  if (broken.length > 0) throw new Error(`Adopting the database: rows break its foreign keys (${JSON.stringify(broken.slice(0, 5))})`)
  return rebuilt
}
