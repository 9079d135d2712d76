import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isBoardId } from '../../lib/collab/boardId'
import { CLOSE_BOARD_UNAVAILABLE, CLOSE_GOING_AWAY, CLOSE_ROLE_CHANGED, CloseReason } from '../../lib/collab/closeReasons'
import { can, type Role } from '../../lib/collab/roles'
import { ACK_PARAM } from '../../lib/collab/syncMessages'
import { getPrincipalName, getPrincipalUserId, readPrincipal, resolveBoardAccess, type AccessResult, type AuthContext, type Principal } from '../auth/resolveAccess'
import { decodeClientMessage, MalformedMessageError } from '../../lib/collab/syncMessageCodec'
import type { Connection } from './Connection'
import type { RoomManager } from './RoomManager'
import { ConnectionLimits, type ConnectionKeys, type ConnectionLimitSettings } from './ConnectionLimits'
import { TokenBucket } from './TokenBucket'

export const SYNC_PATH_PREFIX = '/sync/'
/** How often idle sockets are pinged; a socket that misses one pong is dropped. */
const HEARTBEAT_INTERVAL_MS = 30_000
/** Authentication of an upgrade request must finish within this time, or the socket is dropped. */
export const AUTH_TIMEOUT_MS = 5_000
/** Bursts of up to this many seconds' worth of messages are allowed. */
const MESSAGE_BURST_SECONDS = 4

export interface SyncLimits extends ConnectionLimitSettings {
  maxMessageBytes: number
  maxMessagesPerSecond: number
  /** Origins allowed to open a socket besides the request's own host (same-origin). */
  allowedOrigins: string[]
}

export interface SyncServerOptions {
  auth: AuthContext
  rooms: RoomManager
  limits: SyncLimits
  log: (message: string, context?: Record<string, unknown>) => void
}

interface Refusal {
  code: number
  reason: string
}

interface Access {
  role: Role
  userId?: string
  name: string
  principal: Principal
  keys: ConnectionKeys
}

interface LiveConnection {
  ws: WebSocket
  boardId: string
  userId?: string
  /** Who was let in, and as what, so the access can be checked again (see recheckAccess). */
  principal: Principal
  role: Role
}

/** The client's address; behind a proxy the first X-Forwarded-For hop is not trusted on purpose. */
function getClientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown'
}

/**
 * Accepts websocket upgrades on `/sync/<boardId>` and speaks the y-websocket protocol.
 *
 * Every client is authenticated (sync token or session cookie) and authorised before the upgrade is
 * completed. A refused client is accepted and then closed with a 44xx code, because the stock client
 * treats an HTTP error on upgrade as a network failure and retries forever. Nothing a client sends is
 * read before it is authorised, which bounds the pre-auth budget to the upgrade request itself.
 */
export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly alive = new WeakSet<WebSocket>()
  private readonly heartbeat: NodeJS.Timeout
  private readonly byBoard = new Map<string, Set<LiveConnection>>()
  private readonly limits: ConnectionLimits

  constructor(private readonly options: SyncServerOptions) {
    // Frames above twice the limit are cut off by ws itself; between 1x and 2x we answer 4413.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxMessageBytes * 2 })
    this.limits = new ConnectionLimits(options.limits)
    this.heartbeat = setInterval(() => this.pingAll(), HEARTBEAT_INTERVAL_MS)
    this.heartbeat.unref()
  }

  /** True when this server handles the request's path. */
  handles(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(SYNC_PATH_PREFIX)
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    let boardId: string
    try {
      boardId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length))
    } catch {
      boardId = ''
    }
    const wantsAck = url.searchParams.get(ACK_PARAM) === '1'
    const address = getClientAddress(req)
    const endPending = this.limits.beginPending(address)
    if (typeof endPending !== 'function') {
      this.refuse(req, socket, head, endPending)
      return
    }
    const timer = setTimeout(() => {
      endPending()
      socket.destroy()
    }, AUTH_TIMEOUT_MS)
    void this.authorize(req, boardId, url.searchParams.get('token'), address).then(
      (result) => {
        clearTimeout(timer)
        endPending()
        if (socket.destroyed) return
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          // Checked after authentication and in the same turn as counting, so concurrent upgrades cannot overshoot.
          const refusal = 'code' in result ? result : this.limits.check(result.keys)
          if (refusal) {
            ws.close(refusal.code, refusal.reason)
            return
          }
          const access = result as Access
          void this.accept(ws, boardId, access, wantsAck, this.limits.open(access.keys))
        })
      },
      (err) => {
        clearTimeout(timer)
        endPending()
        this.options.log('upgrade failed', { boardId, error: String(err) })
        socket.destroy()
      },
    )
  }

  /** Completes the upgrade and closes at once with the refusal's code (see the class comment). */
  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, refusal: Refusal): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(refusal.code, refusal.reason))
  }

  private async authorize(req: IncomingMessage, boardId: string, token: string | null, address: string): Promise<Refusal | Access> {
    const origin = req.headers.origin
    if (origin && !this.isAllowedOrigin(origin, req.headers.host)) return { code: CloseReason.FORBIDDEN, reason: 'origin not allowed' }
    const principal = await readPrincipal(this.options.auth, req, token)
    if (!principal || 'error' in principal) return { code: CloseReason.UNAUTHORIZED, reason: principal ? principal.error : 'not authenticated' }
    if (!isBoardId(boardId)) return { code: CloseReason.NOT_FOUND, reason: 'no such board' }
    const access = await resolveBoardAccess(this.options.auth, principal, boardId)
    if (!access.ok) {
      const code = access.status === 404 ? CloseReason.NOT_FOUND : access.status === 401 ? CloseReason.UNAUTHORIZED : CloseReason.FORBIDDEN
      return { code, reason: access.reason }
    }
    if (!can(access.role, 'board:read')) return { code: CloseReason.FORBIDDEN, reason: 'no read access' }
    const userId = getPrincipalUserId(access.principal)
    const name = getPrincipalName(access.principal)
    const keys = { boardId, principal: userId ? `user:${userId}` : `token:${boardId}:${access.role}:${name}`, address }
    return { role: access.role, userId, name, principal: access.principal, keys }
  }

  private isAllowedOrigin(origin: string, host: string | undefined): boolean {
    if (this.options.limits.allowedOrigins.includes(origin)) return true
    try {
      return !!host && new URL(origin).host === host
    } catch {
      return false
    }
  }

  private track(live: LiveConnection): () => void {
    let set = this.byBoard.get(live.boardId)
    if (!set) this.byBoard.set(live.boardId, (set = new Set()))
    set.add(live)
    const { cluster } = this.options.rooms
    if (live.userId) cluster.onConnect(live.boardId, live.userId)
    return () => {
      if (live.userId) cluster.onDisconnect(live.boardId, live.userId)
      set.delete(live)
      if (set.size === 0) this.byBoard.delete(live.boardId)
    }
  }

  private async accept(ws: WebSocket, boardId: string, access: Access, wantsAck: boolean, uncount: () => void): Promise<void> {
    const { limits } = this.options
    const conn: Connection = {
      socket: ws,
      canWrite: can(access.role, 'board:edit'),
      role: access.role,
      userId: access.userId ?? `token:${access.name}`,
      name: access.name,
      wantsAck,
      awarenessIds: new Set(),
      awarenessClaimed: false,
    }
    const untrack = this.track({ ws, boardId, userId: access.userId, principal: access.principal, role: access.role })
    const bucket = new TokenBucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * MESSAGE_BURST_SECONDS)
    // Messages that arrive while the room loads wait here (bounded), so nothing is answered from an
    // empty document that is still loading.
    const early: Uint8Array[] = []
    let earlyBytes = 0
    let onMessage: (data: Uint8Array) => void = (data) => {
      earlyBytes += data.byteLength
      if (earlyBytes > limits.maxMessageBytes * 2) ws.close(CloseReason.MESSAGE_TOO_LARGE, 'too much data before sync')
      else early.push(data)
    }
    this.alive.add(ws)
    ws.on('pong', () => this.alive.add(ws))
    ws.on('message', (data, isBinary) => {
      if (!bucket.take()) {
        ws.close(CloseReason.TOO_MANY_MESSAGES, 'too many messages')
        return
      }
      onMessage(toBytes(data, isBinary))
    })
    ws.on('error', (err) => this.options.log('socket error', { boardId, error: String(err) }))
    let closed = false
    ws.on('close', () => {
      closed = true
      untrack()
      uncount()
    })
    const room = await this.options.rooms.acquire(boardId).catch((err) => {
      this.options.log('room load failed', { boardId, error: String(err) })
      ws.close(CLOSE_BOARD_UNAVAILABLE, 'board could not be loaded')
      return undefined
    })
    if (!room) return
    if (closed) {
      this.options.rooms.release(room)
      return
    }
    const handle = (data: Uint8Array) => {
      if (data.byteLength > limits.maxMessageBytes) {
        ws.close(CloseReason.MESSAGE_TOO_LARGE, 'message too large')
        return
      }
      try {
        room.handleMessage(conn, decodeClientMessage(data))
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) this.options.log('message failed', { boardId, error: String(err) })
        ws.close(CloseReason.MALFORMED_MESSAGE, 'malformed message')
      }
    }
    ws.on('close', () => {
      room.removeConnection(conn)
      this.options.rooms.release(room)
    })
    room.addConnection(conn)
    onMessage = handle
    for (const data of early) handle(data)
  }

  /**
   * The users with an open connection to a board: here, and on the other server processes when
   * there are any (if Redis cannot be asked, this process's own are the answer).
   */
  async onlineUsers(boardId: string): Promise<Set<string>> {
    const here = new Set<string>()
    for (const c of this.byBoard.get(boardId) ?? []) if (c.userId) here.add(c.userId)
    try {
      return new Set([...here, ...(await this.options.rooms.cluster.onlineUsers(boardId))])
    } catch {
      return here
    }
  }

  /** Closes a user's connections to a board at once (removed member, changed role), on every server. */
  closeUser(boardId: string, userId: string, code: number, reason: string): void {
    this.closeLocal(boardId, userId, code, reason)
    this.options.rooms.cluster.closeEverywhere({ boardId, userId, code, reason, boardDeleted: false })
  }

  /** Closes every connection to a board (deleted board), on every server. */
  closeBoard(boardId: string, code: number, reason: string): void {
    this.closeLocal(boardId, null, code, reason)
    this.options.rooms.cluster.closeEverywhere({ boardId, userId: null, code, reason, boardDeleted: true })
  }

  /**
   * Checks every open connection's access again and closes those that lost it (removed member,
   * deleted board) or whose role changed. With several server processes, the close messages of
   * another process can be lost in a Redis outage: this runs after each outage and periodically.
   */
  async recheckAccess(): Promise<void> {
    const results = new Map<string, Promise<AccessResult>>()
    const checks: Promise<void>[] = []
    for (const [boardId, set] of this.byBoard) {
      for (const live of set) {
        const who = live.principal.kind === 'user' ? `user:${live.principal.user.userId}` : `token:${live.principal.userId ?? ''}:${live.principal.name}:${live.principal.role}`
        const key = `${boardId}\n${who}`
        if (!results.has(key)) results.set(key, resolveBoardAccess(this.options.auth, live.principal, boardId))
        checks.push(
          results.get(key)!.then((access) => {
            if (!access.ok) live.ws.close(access.status === 404 ? CloseReason.NOT_FOUND : CloseReason.FORBIDDEN, access.reason)
            else if (access.role !== live.role) live.ws.close(CLOSE_ROLE_CHANGED, 'role changed')
          }),
        )
      }
    }
    await Promise.all(checks).catch((err) => this.options.log('could not recheck access', { error: String(err) }))
  }

  /** Closes this process's connections to a board: one user's, or everyone's (userId null). */
  closeLocal(boardId: string, userId: string | null, code: number, reason: string): void {
    for (const c of this.byBoard.get(boardId) ?? []) if (userId === null || c.userId === userId) c.ws.close(code, reason)
  }

  private pingAll(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate()
        continue
      }
      this.alive.delete(ws)
      ws.ping()
    }
  }

  /** Tells every client the server is going away (they reconnect later) and stops accepting. */
  close(): void {
    clearInterval(this.heartbeat)
    for (const ws of this.wss.clients) ws.close(CLOSE_GOING_AWAY, 'server restarting')
    this.wss.close()
  }
}

function toBytes(data: unknown, isBinary: boolean): Uint8Array {
  if (!isBinary && typeof data === 'string') return new TextEncoder().encode(data)
  if (Buffer.isBuffer(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return new Uint8Array(data as ArrayBuffer)
}
