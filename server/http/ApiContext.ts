import type { AuthOptions } from 'next-auth'
import type { HashQueue } from '../auth/HashQueue'
import type { LoginRateLimiter } from '../auth/LoginRateLimiter'
import type { ServerConfig } from '../config'
import type { Storage } from '../storage/Storage'
import type { RoomManager } from '../sync/RoomManager'
import type { SyncServer } from '../sync/SyncServer'

/** Everything an API route may use. */
export interface ApiContext {
  config: ServerConfig
  storage: Storage
  rooms: RoomManager
  sync: SyncServer
  secret: string
  authOptions: AuthOptions
  loginLimiter: LoginRateLimiter
  /** Bounds concurrent password hashing (sign-in and sign-up). */
  hashQueue: HashQueue
  startedAt: number
  /** Set with REDIS_URL: the link to the other server processes. */
}
