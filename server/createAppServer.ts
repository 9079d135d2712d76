import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config'
import { buildAuthOptions } from './auth/buildAuthOptions'
import { handleNextAuth } from './auth/handleNextAuth'
import { HashQueue } from './auth/HashQueue'
import { LoginRateLimiter } from './auth/LoginRateLimiter'
import { resolveAuthSecret } from './auth/resolveAuthSecret'
import { createApiHandler } from './http/apiRoutes'
import { getClientAddress } from './http/getClientAddress'
import { guardPages } from './http/guardPages'
import { sendJson } from './http/respond'
import { serveTldrawAssets } from './http/serveTldrawAssets'
import { setSecurityHeaders } from './http/securityHeaders'
import { log } from './log'
import { NoCluster, type ClusterHooks } from './cluster/ClusterHooks'
import { RedisCluster } from './cluster/RedisCluster'
import { checkStoredDocuments } from './storage/checkStoredDocuments'
import type { Storage } from './storage/Storage'
import { getExposedGc, IdleMemoryReleaser } from './sync/IdleMemoryReleaser'
import { RoomManager } from './sync/RoomManager'
import { SyncServer } from './sync/SyncServer'
import { VoteSealer } from './sync/VoteSealer'

/** Handles every request the API does not: the Next.js app, or a 404 in API-only mode (tests). */
export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void

export interface AppServer {
  server: http.Server
  rooms: RoomManager
  storage: Storage
  sync: SyncServer
  /** The secret that signs sessions and sync tokens. */
  secret: string
  /** The bound port (useful with port 0). */
  port: number
  /** Drains clients, flushes every room to storage and closes it. */
  close(): Promise<void>
}

/**
 * One process, one port: the JSON API, tldraw's static assets, the Next.js pages and the
 * websocket sync endpoint share a single HTTP server.
 */
export async function createAppServer(
  config: ServerConfig,
  storage: Storage,
  pages?: { handle: PageHandler; upgrade?: (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void },
): Promise<AppServer> {
  // Before anything can load a room: corrupt stored updates are quarantined, not served.
  const integrity = await checkStoredDocuments(storage, log)
  log('stored documents checked', { boards: integrity.boards, updates: integrity.updates, quarantined: integrity.quarantined.length })
  // Scale-out: other server processes serving the same boards hear of this one's changes via Redis.
  const cluster: ClusterHooks = config.redisUrl ? await RedisCluster.connect(config.redisUrl, config.redisPrefix, log) : new NoCluster()
  if (config.redisUrl && !config.databaseUrl) log('REDIS_URL is set without DATABASE_URL: every process must use the same SQLite file (one machine, one DATA_DIR)')
  const secret = resolveAuthSecret(config.nextAuthSecret, config.dataDir)
  const memory = new IdleMemoryReleaser(getExposedGc(), () => rooms.loadedRoomCount)
  const rooms = new RoomManager(storage.documents, {
    voteSealer: new VoteSealer(secret),
    compactAfterUpdates: config.compactAfterUpdates,
    maxUnsavedBytes: config.maxUnsavedBytes,
    maxNoteChars: config.maxNoteChars,
    maxBoardBytes: config.maxBoardBytes,
    maxWriteBytesPerMinute: config.maxWriteBytesPerMinute,
    broadcastIntervalMs: config.broadcastIntervalMs,
    pacingFramesPerSecond: config.pacingFramesPerSecond,
    unloadDelayMs: config.roomUnloadDelayMs,
    onRoomUnloaded: () => memory.roomUnloaded(),
    cluster,
    log,
  })
  const auth = { catalog: storage.catalog, publicUrl: config.publicUrl, secret }
  const sync = new SyncServer({
    auth,
    rooms,
    limits: {
      maxMessageBytes: config.maxMessageBytes,
      maxConnectionsPerBoard: config.maxConnectionsPerBoard,
      maxConnectionsPerUser: config.maxConnectionsPerUser,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
      maxPendingPerIp: config.maxPendingConnectionsPerIp,
      maxMessagesPerSecond: config.maxMessagesPerSecond,
      allowedOrigins: config.allowedOrigins,
    },
    log,
  })
  cluster.listen({
    onRecheckAccess: () => void sync.recheckAccess(),
    onClose: (m) => {
      sync.closeLocal(m.boardId, m.userId, m.code, m.reason)
      if (m.boardDeleted) void rooms.discard(m.boardId)
    },
  })
  const loginLimiter = new LoginRateLimiter()
  const hashQueue = new HashQueue(config.passwordHashConcurrency, config.passwordHashQueue)
  const authOptions = buildAuthOptions(config, storage.catalog, secret, loginLimiter)
  const signInGuard = { limiter: loginLimiter, hashQueue, publicUrl: config.publicUrl }
  const api = createApiHandler({ config, storage, rooms, sync, secret, authOptions, loginLimiter, hashQueue, startedAt: Date.now() })

  const securityHeaders = { publicUrl: config.publicUrl, frameAncestors: config.frameAncestors, development: config.nodeEnv === 'development' }
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        setSecurityHeaders(req, res, securityHeaders)
        if (await handleNextAuth(req, res, authOptions, getClientAddress(req, config.trustProxy), signInGuard)) return
        if (await api(req, res)) return
        if (serveTldrawAssets(req, res)) return
        if (await guardPages(auth, req, res)) return
        if (pages) await pages.handle(req, res)
        else sendJson(res, 404, { error: 'Not found' })
      } catch (err) {
        log('request failed', { url: req.url, method: req.method, error: String(err) })
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' })
        else res.end()
      }
    })()
  })
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    if (sync.handles(req)) sync.handleUpgrade(req, socket, head)
    else if (pages?.upgrade) pages.upgrade(req, socket, head)
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })

  let closing: Promise<void> | undefined
  return {
    server,
    rooms,
    storage,
    sync,
    secret,
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= (async () => {
        memory.stop()
        sync.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await rooms.closeAll()
        await cluster.close()
        await storage.close()
      })()
      return closing
    },
  }
}
