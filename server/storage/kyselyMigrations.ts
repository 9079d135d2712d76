import { sql, type Kysely, type Migration } from 'kysely'

/**
 * The schema as Kysely migrations, written with Kysely's dialect-neutral schema builder. The
 * PostgreSQL backend runs them with Kysely's Migrator (with its lock), in this order.
 */
export const KYSELY_MIGRATIONS: Record<string, Migration> = {
  '001_boards_and_documents': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('boards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('archived_at', 'bigint')
        .execute()
      await db.schema
        .createTable('doc_updates')
        .addColumn('seq', 'bigserial', (c) => c.primaryKey())
        .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('data', 'bytea', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('doc_updates_board').on('doc_updates').columns(['board_id', 'seq']).execute()
      await db.schema
        .createTable('quarantined_updates')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('data', 'bytea', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('quarantined_at', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
  '002_accounts_members_invites': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('account', 'guest')`))
        .addColumn('email', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('board_members')
        .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('board_members_pk', ['board_id', 'user_id'])
        .execute()
      await db.schema.createIndex('board_members_user').on('board_members').column('user_id').execute()
      await db.schema
        .createTable('invites')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute()
      await db.schema.createIndex('invites_board').on('invites').column('board_id').execute()
    },
  },
  '003_board_versions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('board_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'bytea', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('board_versions_board').on('board_versions').columns(['board_id', 'created_at']).execute()
    },
  },
}
