import type { Generated } from 'kysely'
import type { Role } from '../../lib/collab/roles'

/*
 * The database as Kysely sees it: one interface per table, mirroring the migrations in
 * kyselyMigrations.ts (DB.integration.test.ts checks them against a freshly migrated database).
 * Times are milliseconds since the epoch and sequence numbers stay far below 2^53, so `bigint`
 * columns are read as numbers on both dialects (openPostgresStorage sets pg's parser for that).
 * Byte columns are Buffers: what better-sqlite3 and pg both bind and return.
 */

export interface BoardsTable {
  id: string
  title: string
  template: string
  created_at: number
  owner_id: string | null
  archived_at: number | null
}

export interface DocUpdatesTable {
  /** Never reused (AUTOINCREMENT / BIGSERIAL), so a sequence number names one row for good. */
  seq: Generated<number>
  board_id: string
  data: Buffer
}

export interface QuarantinedUpdatesTable {
  id: Generated<number>
  board_id: string
  seq: number
  data: Buffer
  reason: string
  quarantined_at: number
}

export interface UsersTable {
  id: string
  kind: 'account' | 'guest'
  email: string | null
  name: string
  password_hash: string | null
  created_at: number
}

export interface BoardMembersTable {
  board_id: string
  user_id: string
  /** Plain text in the schema; only the catalog writes it, always with a Role. */
  role: Role
  joined_at: number
}

export interface InvitesTable {
  token: string
  board_id: string
  role: Role
  created_by: string | null
  created_at: number
  expires_at: number | null
  revoked_at: number | null
}

export interface BoardVersionsTable {
  id: string
  board_id: string
  label: string
  created_by: string | null
  created_at: number
  state: Buffer
}

export interface DB {
  boards: BoardsTable
  doc_updates: DocUpdatesTable
  quarantined_updates: QuarantinedUpdatesTable
  users: UsersTable
  board_members: BoardMembersTable
  invites: InvitesTable
  board_versions: BoardVersionsTable
}
