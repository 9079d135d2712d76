import type Database from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- the default for schema-wide work (migrations, copies) */

/** Prepared statements kept per connection; queries vary little (a chunked `in` list is the exception). */
const STATEMENT_CACHE_SIZE = 100

/**
 * Kysely's SQLite driver, but a transaction starts with `BEGIN IMMEDIATE`: it takes the write lock
 * up front, so a writer in another process (the CLI, a backup) makes it wait out the busy timeout
 * instead of failing with SQLITE_BUSY when a deferred transaction would upgrade its lock.
 * (Within the process, the driver's mutex already runs one transaction or query at a time.)
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteDatabase) {
    super({ database })
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database })
  }
}

/**
 * A Kysely instance over an open better-sqlite3 connection that it borrows: destroying the Kysely
 * instance leaves the connection open for its owner. Statements run synchronously on that
 * connection, so they join whatever transaction the owner has begun; transactions begun through
 * Kysely are `BEGIN IMMEDIATE`.
 *
 * Prepared statements are cached by their SQL (least recently used out first): preparing is most of
 * the cost of a small query, and the document store's few statements run once per change.
 */
export function kyselyOnSqlite<DB = any>(db: Database.Database): Kysely<DB> {
  const statements = new Map<string, Database.Statement>()
  const prepare = (query: string): Database.Statement => {
    let statement = statements.get(query)
    if (statement) statements.delete(query)
    else statement = db.prepare(query)
    statements.set(query, statement)
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string)
    return statement
  }
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ prepare, close: () => {} }) })
}
