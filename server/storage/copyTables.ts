import type { Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- copies whole rows between two databases of the same schema */

/**
 * Every table of the schema, parents before children (so foreign keys hold row by row), with the
 * key it is read in order of. A table added by a migration belongs here too, or backups miss it
 * (the backup test compares every table).
 */
export const SCHEMA_TABLES = [
  { name: 'users', key: ['id'] },
  { name: 'boards', key: ['id'] },
  { name: 'doc_updates', key: ['seq'] },
  { name: 'quarantined_updates', key: ['id'] },
  { name: 'board_members', key: ['board_id', 'user_id'] },
  { name: 'invites', key: ['token'] },
  { name: 'board_versions', key: ['id'] },
] as const

/** Rows read and written at a time: documents can be megabytes each, so not the whole table. */
const ROWS_PER_PAGE = 100

/**
 * Copies every row of every schema table from one database to another (same schema, any dialect),
 * keeping keys and sequence numbers. Run it inside transactions on both sides for a consistent,
 * all-or-nothing copy. Returns the rows copied per table.
 */
export async function copyTables(from: Kysely<any>, to: Kysely<any>): Promise<Record<string, number>> {
  const copied: Record<string, number> = {}
  for (const table of SCHEMA_TABLES) {
    copied[table.name] = 0
    let last: Record<string, unknown> | undefined
    for (;;) {
      let query = from.selectFrom(table.name).selectAll()
      for (const column of table.key) query = query.orderBy(column)
      if (last) {
        const after = last
        query = query.where((eb) =>
          table.key.length === 1
            ? eb(table.key[0], '>', after[table.key[0]])
            : eb(eb.refTuple(table.key[0], table.key[1]), '>', eb.tuple(after[table.key[0]], after[table.key[1]])),
        )
      }
      const rows = (await query.limit(ROWS_PER_PAGE).execute()) as Record<string, unknown>[]
      if (rows.length === 0) break
      await to.insertInto(table.name).values(rows).execute()
      copied[table.name] += rows.length
      last = rows[rows.length - 1]
    }
  }
  return copied
}
