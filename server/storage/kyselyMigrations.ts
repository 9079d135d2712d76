import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration } from 'kysely'

/** The SQL dialects the storage runs on: the embedded SQLite file, or PostgreSQL for scale-out. */
export type SqlDialectName = 'sqlite' | 'postgres'

/** Column types that differ between the dialects; everything else is written once. */
interface DialectTypes {
  bytes: 'blob' | 'bytea'
  /** An ever-increasing key: never reused, so a sequence number names one row for good. */
  addSerialKey<T extends string, C extends string>(table: CreateTableBuilder<T, C>, column: string): CreateTableBuilder<T, C>
}

const TYPES: Record<SqlDialectName, DialectTypes> = {
  // AUTOINCREMENT: SQLite would otherwise hand out a deleted (compacted) row's number again.
  sqlite: { bytes: 'blob', addSerialKey: (t, column) => t.addColumn(column, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement()) },
  postgres: { bytes: 'bytea', addSerialKey: (t, column) => t.addColumn(column, 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey()) },
}

/**
 * The schema as Kysely migrations, one codebase for both dialects, run by Kysely's Migrator in name
 * order (openPostgresStorage, migrateSqlite). A new schema change is a new entry here.
 *
 * 001–004 create only what is missing (`if not exists`): SQLite files made before the schema moved
 * to Kysely (by hand-written migrations, PRAGMA user_version 1–4) already hold some or all of these
 * tables, and are adopted by running the migrations over them (see migrateSqlite).
 */
export function getKyselyMigrations(dialect: SqlDialectName): Record<string, Migration> {
  const types = TYPES[dialect]
  return {
    '001_boards_and_documents': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('boards')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('template', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('owner_id', 'text')
          .addColumn('archived_at', 'bigint')
          .execute()
        await types
          .addSerialKey(db.schema.createTable('doc_updates').ifNotExists(), 'seq')
          .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
          .addColumn('data', types.bytes, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('doc_updates_board').ifNotExists().on('doc_updates').columns(['board_id', 'seq']).execute()
        await types
          .addSerialKey(db.schema.createTable('quarantined_updates').ifNotExists(), 'id')
          .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('data', types.bytes, (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('quarantined_at', 'bigint', (c) => c.notNull())
          .execute()
      },
    },
    '002_accounts_members_invites': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('account', 'guest')`))
          .addColumn('email', 'text', (c) => c.unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('board_members')
          .ifNotExists()
          .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('joined_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('board_members_pk', ['board_id', 'user_id'])
          .execute()
        await db.schema.createIndex('board_members_user').ifNotExists().on('board_members').column('user_id').execute()
        await db.schema
          .createTable('invites')
          .ifNotExists()
          .addColumn('token', 'text', (c) => c.primaryKey())
          .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .execute()
        await db.schema.createIndex('invites_board').ifNotExists().on('invites').column('board_id').execute()
      },
    },
    '003_board_versions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('board_versions')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('state', types.bytes, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('board_versions_board').ifNotExists().on('board_versions').columns(['board_id', 'created_at']).execute()
      },
    },
    '004_quarantined_updates_board_index': {
      // Deleting a board cascades to its quarantined updates: without an index that scans the table.
      async up(db: Kysely<unknown>) {
        await db.schema.createIndex('quarantined_updates_board').ifNotExists().on('quarantined_updates').column('board_id').execute()
      },
    },
  }
}

/** The names of every migration this version knows, in order. */
export const KNOWN_MIGRATION_NAMES: readonly string[] = Object.keys(getKyselyMigrations('sqlite'))
