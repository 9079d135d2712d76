import type { ServerConfig } from '../config'
import { openPostgresStorage } from './openPostgresStorage'
import { openSqliteStorageInDataDir } from './openSqliteStorage'
import type { Storage } from './Storage'

/** The configured storage: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
export function openStorage(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<Storage> {
  return config.databaseUrl ? openPostgresStorage(config.databaseUrl) : openSqliteStorageInDataDir(config.dataDir)
}
