import type { Kysely } from 'kysely'
import type { DB } from './DB'
import type { DocumentStore, StoredDocument } from './DocumentStore'

/** Sequence numbers deleted per statement when compacting: a statement takes at most 65,535 parameters. */
const COMPACT_DELETE_CHUNK = 5_000

/** A Buffer's bytes as a plain Uint8Array view (no copy). */
export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/**
 * The document store on either dialect: each write is one statement or one transaction, committed
 * before the promise resolves (on SQLite a transaction is `BEGIN IMMEDIATE`, see kyselyOnSqlite).
 */
export class KyselyDocumentStore implements DocumentStore {
  constructor(private readonly db: Kysely<DB>) {}

  async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
    const row = await this.db.insertInto('doc_updates').values({ board_id: boardId, data: Buffer.from(update) }).returning('seq').executeTakeFirstOrThrow()
    return Number(row.seq)
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    const rows = await this.db.selectFrom('doc_updates').select(['seq', 'data']).where('board_id', '=', boardId).orderBy('seq').execute()
    return { updates: rows.map((r) => toBytes(r.data)), seqs: rows.map((r) => r.seq) }
  }

  async listUpdateSeqs(boardId: string): Promise<number[]> {
    const rows = await this.db.selectFrom('doc_updates').select('seq').where('board_id', '=', boardId).orderBy('seq').execute()
    return rows.map((r) => r.seq)
  }

  compact(boardId: string, state: Uint8Array, replacedSeqs: readonly number[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < replacedSeqs.length; i += COMPACT_DELETE_CHUNK) {
        const seqs = replacedSeqs.slice(i, i + COMPACT_DELETE_CHUNK)
        await tx.deleteFrom('doc_updates').where('board_id', '=', boardId).where('seq', 'in', seqs).execute()
      }
      const row = await tx.insertInto('doc_updates').values({ board_id: boardId, data: Buffer.from(state) }).returning('seq').executeTakeFirstOrThrow()
      return Number(row.seq)
    })
  }

  async quarantineUpdate(boardId: string, seq: number, reason: string, at: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('quarantined_updates')
        .columns(['board_id', 'seq', 'data', 'reason', 'quarantined_at'])
        .expression((eb) =>
          eb
            .selectFrom('doc_updates')
            // Cast: PostgreSQL cannot tell a bare parameter's type in a select list.
            .select((s) => ['board_id', 'seq', 'data', s.cast<string>(s.val(reason), 'text').as('reason'), s.cast<number>(s.val(at), 'bigint').as('quarantined_at')])
            .where('board_id', '=', boardId)
            .where('seq', '=', seq),
        )
        .execute()
      await tx.deleteFrom('doc_updates').where('board_id', '=', boardId).where('seq', '=', seq).execute()
    })
  }
}
