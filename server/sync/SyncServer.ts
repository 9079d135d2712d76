import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isBoardId } from '../../lib/collab/boardId'
import { CLOSE_GOING_AWAY, CloseReason } from '../../lib/collab/closeReasons'
import { ACK_PARAM } from '../../lib/collab/syncMessages'
import type { Storage } from '../storage/Storage'
import { MalformedMessageError, type Connection } from './Room'
import type { RoomManager } from './RoomManager'

export const SYNC_PATH_PREFIX = '/sync/'
/** How often idle sockets are pinged; a socket that misses one pong is dropped. */
const HEARTBEAT_INTERVAL_MS = 30_000

export interface SyncServerOptions {
  storage: Storage
  rooms: RoomManager
  maxMessageBytes: number
  log: (message: string, context?: Record<string, unknown>) => void
}

/**
 * Accepts websocket upgrades on `/sync/<boardId>` and speaks the y-websocket protocol. A refused
 * client is accepted and then closed with a 44xx code, because the stock client treats an HTTP error
 * on upgrade as a network failure and retries forever.
 */
export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly alive = new WeakSet<WebSocket>()
  private readonly heartbeat: NodeJS.Timeout

  constructor(private readonly options: SyncServerOptions) {
    // Frames above twice the limit are cut off by ws itself; between 1x and 2x we answer 4413.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes * 2 })
    this.heartbeat = setInterval(() => this.pingAll(), HEARTBEAT_INTERVAL_MS)
    this.heartbeat.unref()
  }

  /** True when this server handles the request's path. */
  handles(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(SYNC_PATH_PREFIX)
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const boardId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length))
    const wantsAck = url.searchParams.get(ACK_PARAM) === '1'
    void this.authorize(boardId).then(
      (refusal) => {
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          if (refusal) {
            ws.close(refusal.code, refusal.reason)
            return
          }
          void this.accept(ws, boardId, { canWrite: true, wantsAck })
        })
      },
      (err) => {
        this.options.log('upgrade failed', { boardId, error: String(err) })
        socket.destroy()
      },
    )
  }

  private async authorize(boardId: string): Promise<{ code: number; reason: string } | undefined> {
    if (!isBoardId(boardId)) return { code: CloseReason.NOT_FOUND, reason: 'no such board' }
    const board = await this.options.storage.getBoard(boardId)
    if (!board) return { code: CloseReason.NOT_FOUND, reason: 'no such board' }
    return undefined
  }

  private async accept(ws: WebSocket, boardId: string, access: { canWrite: boolean; wantsAck: boolean }): Promise<void> {
    const conn: Connection = { socket: ws, canWrite: access.canWrite, wantsAck: access.wantsAck, awarenessIds: new Set() }
    // Messages that arrive while the room loads wait here, so nothing is answered from an empty doc.
    const early: Uint8Array[] = []
    let onMessage: (data: Uint8Array) => void = (data) => void early.push(data)
    this.alive.add(ws)
    ws.on('pong', () => this.alive.add(ws))
    ws.on('message', (data, isBinary) => onMessage(toBytes(data, isBinary)))
    ws.on('error', (err) => this.options.log('socket error', { boardId, error: String(err) }))
    let closed = false
    ws.on('close', () => {
      closed = true
    })
    const room = await this.options.rooms.acquire(boardId).catch((err) => {
      this.options.log('room load failed', { boardId, error: String(err) })
      ws.close(1011, 'board could not be loaded')
      return undefined
    })
    if (!room) return
    if (closed) {
      this.options.rooms.release(room)
      return
    }
    const handle = (data: Uint8Array) => {
      if (data.byteLength > this.options.maxMessageBytes) {
        ws.close(CloseReason.MESSAGE_TOO_LARGE, 'message too large')
        return
      }
      try {
        room.handleMessage(conn, data)
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) this.options.log('message failed', { boardId, error: String(err) })
        ws.close(CloseReason.MALFORMED_MESSAGE, 'malformed message')
      }
    }
    ws.removeAllListeners('close')
    ws.on('close', () => {
      room.removeConnection(conn)
      this.options.rooms.release(room)
    })
    room.addConnection(conn)
    onMessage = handle
    for (const data of early) handle(data)
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
