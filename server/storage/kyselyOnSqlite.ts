import type Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- used for schema-wide work (migrations, copies) */

/**
 * A Kysely instance over an open better-sqlite3 connection that it borrows: destroying the Kysely
 * instance leaves the connection open for its owner. Statements run synchronously on that
 * connection, so they join whatever transaction the owner has begun.
 */
export function kyselyOnSqlite(db: Database.Database): Kysely<any> {
  const borrowed = { prepare: (query: string) => db.prepare(query), close: () => {} }
  return new Kysely<any>({ dialect: new SqliteDialect({ database: borrowed }) })
}
