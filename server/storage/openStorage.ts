import type { ServerConfig } from '../config'
import { PostgresStorage } from './PostgresStorage'
import { SqliteStorage } from './SqliteStorage'
import type { Storage } from './Storage'

/** The configured storage: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
export async function openStorage(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<Storage> {
  return config.databaseUrl ? PostgresStorage.connect(config.databaseUrl) : SqliteStorage.inDataDir(config.dataDir)
}
