'use client'
import type { TLRecord } from 'tldraw'
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CLOSE_ROLE_CHANGED, CloseReason } from '../../lib/collab/closeReasons'
import type { DocumentRefusal } from '../../lib/collab/describeDocumentRefusal'
import { META_MAP, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { getReconnectDelay } from '../../lib/collab/getReconnectDelay'
import { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import { getStateVector, isStateVectorCoveredBy } from '../../lib/collab/stateVectors'
import { readRefused, readSaved, readStorageError } from '../../lib/collab/syncMessageCodec'
import { ACK_PARAM, MessageType } from '../../lib/collab/syncMessages'
import { forgetBoard, getDeviceCopyName, getKeptEditsPrefix, getServerCopyMarkKey } from './deviceStore'
import { clearKeptEdits, startEditRescue, type EditRescue } from './rescueUnstoredEdits'

/**
 * What changed about the connection: changes made here are all stored ('saved') or some are not
 * ('unsaved'), the server cannot store changes, refused the connection for good, changed this
 * person's role (reload), or undid part of a change made here ('change-refused': a limit, see
 * `server.changeRefused`).
 */
export type ConnectionNews = 'saved' | 'unsaved' | 'storage-error' | 'refused' | 'role-changed' | 'change-refused'

/**
 * A board's Yjs document and its connections: the sync server (websocket) and this device's copy
 * (IndexedDB). No tldraw here: the page opens it while tldraw's chunk is still downloading
 * (preopenBoardConnection), so the document is usually in by the time the canvas mounts.
 */
export interface BoardConnection {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly records: IncrementalKeyValue<TLRecord>
  readonly meta: Y.Map<unknown>
  readonly provider: WebsocketProvider
  /** Opened for someone who may not edit: local changes are never kept (see openBoardConnection). */
  readonly readOnly: boolean
  /** Resolves once this device's copy (IndexedDB) is in the document (for opening offline). */
  readonly whenDeviceCopyLoaded: Promise<unknown>
  /** What the server said so far; `subscribe` tells of changes. */
  readonly server: {
    /** The state vector of what the server has stored (its last SAVED message). */
    storedStateVector: Map<number, number>
    /** Set while the server reports it cannot store changes. */
    storageError?: string
    /** Set when the server refused the connection for good (a 44xx close code). */
    refusedCode?: number
    /** The server closed the connection because this person's role changed. */
    roleChanged?: boolean
    /** The last time the server undid part of a change made here, and why (a REFUSED message). */
    changeRefused?: { reason: DocumentRefusal; limit: number; at: number }
  }
  /** Whether changes made here (or loaded from this device's copy) are not yet known to be stored. */
  hasUnsavedChanges(): boolean
  /**
   * Keeps the edits neither the server nor this device's copy is known to hold, synchronously: the
   * browser drops IndexedDB writes in flight when the page unloads. For `pagehide`.
   */
  keepEditsAtRisk(): void
  subscribe(listener: (news: ConnectionNews) => void): () => void
  /** The news that still holds, for a subscriber that comes late: a role change, a refusal, a storage failure. */
  pastNews(): ConnectionNews[]
  destroy(): void
}

/** The websocket base URL of the sync endpoint on the page's own origin. */
function getSyncUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${window.location.host}/sync`
}

/**
 * Opens a board's connection. With `readOnly` (a role without `board:edit`), nothing made on this
 * device is kept or shown: the server would refuse it, so the viewer would be the only one to see
 * it. Copies of edits kept at unload are removed unread; a device copy that may hold edits (from
 * an earlier visit as an editor) is deleted, and the device copy is rebuilt from what the server
 * sends: it is written from a second document that only takes the server's updates, so a later
 * local change (none is expected: the canvas is read-only) never reaches it either.
 */
export function openBoardConnection(boardId: string, { readOnly = false }: { readOnly?: boolean } = {}): BoardConnection {
  const doc = new Y.Doc()
  const records = new IncrementalKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
  const meta = doc.getMap(META_MAP)
  const provider = new WebsocketProvider(getSyncUrl(), boardId, doc, {
    params: { [ACK_PARAM]: '1' },
    // The server is the one authority (permissions, private notes), so tabs do not talk directly.
    disableBc: true,
  })
  const listeners = new Set<(news: ConnectionNews) => void>()
  const server: BoardConnection['server'] = { storedStateVector: new Map() }
  // Changes not from the server (typed here, or this device's copy loading) wait for a SAVED that covers them.
  let unsaved = false
  const tell = (news: ConnectionNews) => listeners.forEach((listener) => listener(news))
  // Registered before the first message can arrive: y-websocket drops messages it has no handler for.
  provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
    server.storedStateVector = Y.decodeStateVector(readSaved(decoder))
    server.storageError = undefined
    unsaved = !isStateVectorCoveredBy(getStateVector(doc), server.storedStateVector)
    tell('saved')
  }
  provider.messageHandlers[MessageType.STORAGE_ERROR] = (_encoder, decoder) => {
    server.storageError = readStorageError(decoder)
    tell('storage-error')
  }
  provider.messageHandlers[MessageType.REFUSED] = (_encoder, decoder) => {
    const refused = readRefused(decoder)
    if (!refused) return
    server.changeRefused = { ...refused, at: Date.now() }
    tell('change-refused')
  }
  provider.on('closed', ({ code }) => {
    server.refusedCode = code
    tell('refused')
    // No access (any more) or no board: do not keep its content on this device. The rescue stops
    // first, so a later pagehide does not keep its edits again.
    if (code === CloseReason.FORBIDDEN || code === CloseReason.NOT_FOUND) {
      rescue?.clear()
      void forgetBoard(boardId)
    }
  })
  let local: IndexeddbPersistence | undefined
  let rescue: EditRescue | undefined
  let marked = true
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (readOnly || origin === provider) return
    // A change made here (or kept from an unload) goes into the device copy: it holds more than the server's now.
    if (marked && origin !== local) {
      marked = false
      localStorage.removeItem(getServerCopyMarkKey(boardId))
    }
    if (unsaved) return
    unsaved = true
    tell('unsaved')
  }
  doc.on('update', onUpdate)
  // Stopped last, so the removal of our own presence at teardown still reaches the server.
  const stopForwarding = forwardOwnAwarenessOnly(provider)

  // Reconnect with full jitter instead of y-websocket's fixed backoff, so hundreds of clients
  // returning after a server restart do not arrive in the same millisecond.
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  provider.on('sync', (synced) => {
    if (synced) attempt = 0
  })
  provider.on('connection-close', (event) => {
    if (event?.code === CLOSE_ROLE_CHANGED) {
      server.roleChanged = true
      tell('role-changed')
    }
    if (!event || !provider.shouldConnect || (event.code >= 4400 && event.code < 4500)) return
    provider.disconnect()
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => provider.connect(), getReconnectDelay(attempt++, Math.random))
  })
  const reconnectNow = () => {
    clearTimeout(retryTimer)
    if (!provider.wsconnected) provider.connect()
  }
  window.addEventListener('online', reconnectNow)

  const deviceName = getDeviceCopyName(boardId)
  const keptEditsPrefix = getKeptEditsPrefix(boardId)
  let whenDeviceCopyLoaded: Promise<unknown>
  let destroyed = false
  if (!readOnly) {
    // A local copy in IndexedDB: the board opens (and takes edits) offline, and edits made offline
    // merge when the connection returns.
    local = new IndexeddbPersistence(deviceName, doc)
    // Edits kept at the last unload (see keepEditsAtRisk) go into the document now, before it loads.
    rescue = startEditRescue(doc, local, keptEditsPrefix, provider)
    whenDeviceCopyLoaded = local.whenSynced
  } else {
    clearKeptEdits(keptEditsPrefix)
    const serverCopy = new Y.Doc()
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === provider) Y.applyUpdate(serverCopy, update, provider)
    })
    const clean = localStorage.getItem(getServerCopyMarkKey(boardId)) === '1'
    whenDeviceCopyLoaded = (clean ? Promise.resolve() : clearDocument(deviceName)).then(async () => {
      if (destroyed) return
      local = new IndexeddbPersistence(deviceName, serverCopy)
      await local.whenSynced
      localStorage.setItem(getServerCopyMarkKey(boardId), '1')
      if (!destroyed) Y.applyUpdate(doc, Y.encodeStateAsUpdate(serverCopy), local)
    })
  }

  return {
    boardId,
    doc,
    records,
    meta,
    provider,
    readOnly,
    whenDeviceCopyLoaded,
    server,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    hasUnsavedChanges: () => unsaved,
    keepEditsAtRisk: () => rescue?.saveAtRisk(server.storedStateVector),
    pastNews() {
      const news: ConnectionNews[] = []
      if (server.roleChanged) news.push('role-changed')
      if (server.refusedCode !== undefined) news.push('refused')
      if (server.storageError !== undefined) news.push('storage-error')
      return news
    },
    destroy() {
      listeners.clear()
      doc.off('update', onUpdate)
      clearTimeout(retryTimer)
      window.removeEventListener('online', reconnectNow)
      destroyed = true
      rescue?.dispose()
      void local?.destroy()
      stopForwarding()
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * Sends only this client's own awareness changes. The stock provider sends every awareness change,
 * including each remote state it has just received back to the server: every browser echoed every
 * other person's cursor (n people, n * (n - 1) redundant messages for each round of cursor moves),
 * which the server decoded and dropped. Removals of timed-out clients are still sent, as before.
 */
function forwardOwnAwarenessOnly(provider: WebsocketProvider): () => void {
  const awareness = provider.awareness
  const send = provider._awarenessUpdateHandler
  const forward = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin !== provider) send(changes, origin)
  }
  awareness.off('update', send)
  awareness.on('update', forward)
  return () => awareness.off('update', forward)
}

let preopened: BoardConnection | undefined

/**
 * Opens the board's connection ahead of the canvas, from the page that will show it; the canvas
 * takes it (takeBoardConnection). Returns a cleanup that closes it if nobody took it.
 */
export function preopenBoardConnection(boardId: string): () => void {
  if (preopened?.boardId !== boardId) {
    preopened?.destroy()
    preopened = openBoardConnection(boardId)
  }
  const mine = preopened
  return () => {
    if (preopened !== mine) return
    preopened = undefined
    mine.destroy()
  }
}

/** The connection opened ahead for this board, once (its taker then owns it), or undefined. */
export function takeBoardConnection(boardId: string, readOnly: boolean): BoardConnection | undefined {
  if (preopened?.boardId !== boardId) return undefined
  const taken = preopened
  preopened = undefined
  // Preopened before the role was known, for an editor: it has loaded this device's copy.
  if (taken.readOnly !== readOnly) {
    taken.destroy()
    return undefined
  }
  return taken
}
