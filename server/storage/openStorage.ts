import type { ServerConfig } from '../config'
import type { BackupSummary } from './inspectBackupFile'
import type { BackupOptions } from './writeBackupFile'
import { PostgresStorage } from './PostgresStorage'
import { SqliteStorage } from './SqliteStorage'
import type { Storage } from './Storage'

/** A storage backend that can also write a backup file (one format, whichever backend writes it). */
export type BackupableStorage = Storage & { backupTo(file: string, options?: BackupOptions): Promise<BackupSummary> }

/** The configured storage: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
export async function openStorage(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<BackupableStorage> {
  return config.databaseUrl ? PostgresStorage.connect(config.databaseUrl) : SqliteStorage.inDataDir(config.dataDir)
}
