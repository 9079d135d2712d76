import type { BoardCatalog } from './BoardCatalog'
import type { DocumentStore } from './DocumentStore'
import type { BackupSummary } from './inspectBackupFile'
import type { BackupOptions } from './writeBackupFile'

/**
 * An open database, by job: the boards' documents and the catalogue around them. The embedded
 * SQLite file (openSqliteStorage) and PostgreSQL (openPostgresStorage) give the same two
 * implementations (KyselyDocumentStore, KyselyBoardCatalog), each over its own Kysely dialect.
 */
export interface Storage {
  documents: DocumentStore
  catalog: BoardCatalog
  /**
   * Writes a consistent copy of everything to a new file in the backup format (an SQLite file,
   * whichever backend writes it), while servers keep writing. Refuses to overwrite a file.
   */
  backupTo(file: string, options?: BackupOptions): Promise<BackupSummary>
  close(): Promise<void>
}
