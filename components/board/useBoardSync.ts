'use client'
import * as decoding from 'lib0/decoding'
import { useEffect, useState } from 'react'
import {
  atom,
  createPresenceStateDerivation,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  InstancePresenceRecordType,
  react,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  type TLUser,
} from 'tldraw'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { getReconnectDelay } from '../../lib/collab/getReconnectDelay'
import * as Y from 'yjs'
import { CLOSE_ROLE_CHANGED, CloseReason } from '../../lib/collab/closeReasons'
import { META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { ACK_PARAM, MessageType } from '../../lib/collab/syncMessages'
import type { LocalUser } from './localUser'

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

/** What a person at the board sees of everyone present (from Yjs awareness). */
export interface Collaborator {
  clientId: number
  name: string
  color: string
  isSelf: boolean
  /** tldraw's user id in their presence, for following their viewport. */
  presenceUserId?: string
}

export interface BoardSync {
  store?: TLStore
  /** The board's Yjs document once bound (session state and votes live beside the records). */
  doc?: Y.Doc
  provider?: WebsocketProvider
  connection: ConnectionState
  /** True when the server has stored every change made in this browser. */
  allSaved: boolean
  /** Set while the server reports it cannot store changes (disk full, database error). */
  storageError?: string
  collaborators: Collaborator[]
  /** Set when the server refused the connection for good (a 44xx close code). */
  refusedCode?: number
  /** The board was written by a newer app version: this client must not touch it. */
  outdated: boolean
  /** Records the server sent that this client's schema rejected; they are skipped, not fatal. */
  skippedRecords: string[]
}

const INITIAL: BoardSync = { connection: 'connecting', allSaved: true, collaborators: [], outdated: false, skippedRecords: [] }

/** The websocket base URL of the sync endpoint on the page's own origin. */
function getSyncUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${window.location.host}/sync`
}

/** True when every change in `local` is included in `remote` (both Yjs state vectors). */
function isCoveredBy(local: Map<number, number>, remote: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((remote.get(client) ?? 0) < clock) return false
  return true
}

/**
 * Binds a tldraw store to the board's Yjs document through our sync server.
 *
 * Only document-scope records travel (shapes, pages, bindings, assets, users); camera, selection and
 * instance state stay local. Remote changes enter the store through `mergeRemoteChanges`, so tldraw's
 * undo history holds only this person's own edits. Presence (cursor, name, colour) goes through
 * Yjs awareness.
 */
export function useBoardSync(boardId: string, user: LocalUser | undefined, readOnly = false): BoardSync {
  const [state, setState] = useState<BoardSync>(INITIAL)

  useEffect(() => {
    if (!user) return
    const update = (patch: Partial<BoardSync>) => setState((s) => ({ ...s, ...patch }))
    setState(INITIAL)

    const doc = new Y.Doc()
    const records = new YKeyValue<TLRecord>(doc.getArray(RECORDS_ARRAY))
    const meta = doc.getMap(META_MAP)
    const status = atom<'online' | 'offline'>('connection status', 'offline')
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      // Viewers get a read-only canvas; the server drops their writes regardless.
      collaboration: { status, mode: atom<'readonly' | 'readwrite'>('collaboration mode', readOnly ? 'readonly' : 'readwrite') },
    })
    const provider = new WebsocketProvider(getSyncUrl(), boardId, doc, {
      params: { [ACK_PARAM]: '1' },
      // The server is the one authority (permissions, private notes), so tabs do not talk directly.
      disableBc: true,
    })
    const unsubs: (() => void)[] = []
    let everConnected = false
    let bound = false
    let attempt = 0
    let retryTimer: ReturnType<typeof setTimeout> | undefined

    // "All changes saved": the server acknowledges stored updates with its state vector.
    let serverStateVector = new Map<number, number>()
    const refreshSaved = () => update({ allSaved: isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(doc)), serverStateVector) })
    provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
      serverStateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
      update({ storageError: undefined })
      refreshSaved()
    }
    provider.messageHandlers[MessageType.STORAGE_ERROR] = (_encoder, decoder) => {
      update({ storageError: decoding.readVarString(decoder), allSaved: false })
    }
    const onDocUpdate = (_u: Uint8Array, origin: unknown) => {
      if (origin !== provider) update({ allSaved: false })
    }
    doc.on('update', onDocUpdate)

    provider.on('status', ({ status: s }) => {
      if (s === 'connected') everConnected = true
      status.set(s === 'connected' ? 'online' : 'offline')
      update({ connection: s === 'connected' ? 'connected' : everConnected ? 'reconnecting' : 'connecting' })
    })
    provider.on('closed', ({ code }) => {
      update({ refusedCode: code, connection: 'offline' })
      // No access (any more) or no board: do not keep its content on this device.
      if (code === CloseReason.FORBIDDEN || code === CloseReason.NOT_FOUND) void new IndexeddbPersistence(`journey-board:${boardId}`, new Y.Doc()).clearData()
    })
    provider.on('connection-close', (event) => {
      // The facilitator changed our role: reload to pick up the new permissions.
      if (event?.code === CLOSE_ROLE_CHANGED) window.location.reload()
    })
    const goOffline = () => update({ connection: 'offline' })
    window.addEventListener('offline', goOffline)
    unsubs.push(() => window.removeEventListener('offline', goOffline))

    const bind = () => {
      if (bound) return
      const remoteSchema = meta.get(META_SCHEMA_KEY) as Parameters<typeof store.schema.getMigrationsSince>[0] | undefined
      if (remoteSchema) {
        const migrations = store.schema.getMigrationsSince(remoteSchema)
        if (!migrations.ok) {
          // A newer app wrote this board: reading or writing it with our older schema could corrupt it.
          provider.disconnect()
          update({ outdated: true, refusedCode: CloseReason.OUTDATED_CLIENT })
          return
        }
      }
      bound = true
      const skipped = loadRecordsIntoStore(store, records, remoteSchema)
      update({ skippedRecords: skipped })
      const pending = remoteSchema ? store.schema.getMigrationsSince(remoteSchema) : undefined
      if (!pending || (pending.ok && pending.value.length > 0)) {
        // We migrated the board to a newer schema: store the migrated records and announce the new
        // schema, so clients older than us stop (reload) instead of misreading the new records.
        doc.transact(() => {
          for (const record of store.allRecords()) {
            if (store.scopedTypes.document.has(record.typeName) && records.has(record.id)) {
              if (JSON.stringify(records.get(record.id)) !== JSON.stringify(record)) records.set(record.id, record)
            }
          }
          meta.set(META_SCHEMA_KEY, store.schema.serialize())
        })
      }
      unsubs.push(bindStoreToDoc(store, doc, records))
      unsubs.push(keepPrivateNotesLocal(store, boardId, user.id))
      unsubs.push(bindPresence(store, provider, user, (collaborators) => update({ collaborators })))
      update({ store, doc, provider })
    }
    provider.on('sync', (synced) => {
      if (!synced) return
      attempt = 0
      bind()
    })

    // A local copy in IndexedDB: the board opens (and takes edits) offline, and edits made offline
    // merge when the connection returns.
    const local = new IndexeddbPersistence(`journey-board:${boardId}`, doc)
    void local.whenSynced.then(() => {
      if (!provider.synced && records.map.size > 0) bind()
    })

    // Reconnect with full jitter instead of y-websocket's fixed backoff, so hundreds of clients
    // returning after a server restart do not arrive in the same millisecond.
    provider.on('connection-close', (event) => {
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
    unsubs.push(() => {
      clearTimeout(retryTimer)
      window.removeEventListener('online', reconnectNow)
      void local.destroy()
    })

    return () => {
      unsubs.forEach((fn) => fn())
      doc.off('update', onDocUpdate)
      provider.destroy()
      doc.destroy()
    }
  }, [boardId, user, readOnly])

  return state
}

/**
 * Puts the document's records into the store, migrating them from an older schema if needed. A
 * record that fails validation is skipped and reported, so one bad record never blocks the board.
 */
function loadRecordsIntoStore(
  store: TLStore,
  records: YKeyValue<TLRecord>,
  remoteSchema: Parameters<TLStore['schema']['migrateStoreSnapshot']>[0]['schema'] | undefined,
): string[] {
  const raw = Object.fromEntries(Array.from(records.map.values(), (e) => [e.key, e.val])) as Record<string, TLRecord>
  let incoming = raw
  if (remoteSchema) {
    const migrated = store.schema.migrateStoreSnapshot({ store: raw, schema: remoteSchema })
    if (migrated.type === 'success') incoming = migrated.value as Record<string, TLRecord>
  }
  const skipped: string[] = []
  store.mergeRemoteChanges(() => {
    try {
      store.put(Object.values(incoming))
    } catch {
      for (const record of Object.values(incoming)) {
        try {
          store.put([record])
        } catch {
          skipped.push(record.id)
        }
      }
    }
  })
  return skipped
}

/**
 * Two-way binding of document-scope records between the tldraw store and the YKeyValue. Notes
 * written during private writing (meta.jbPrivate) never enter the document: they stay on this
 * device until the reveal clears the flag, and only then are sent.
 */
function bindStoreToDoc(store: TLStore, doc: Y.Doc, records: YKeyValue<TLRecord>): () => void {
  const stopListening = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) if (!isPrivateRecord(record)) records.set(record.id, record)
        for (const [, record] of Object.values(changes.updated)) if (!isPrivateRecord(record)) records.set(record.id, record)
        for (const record of Object.values(changes.removed)) if (!isPrivateRecord(record)) records.delete(record.id)
      })
    },
    { source: 'user', scope: 'document' },
  )
  const onChange = (changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: TLRecord }>, tr: Y.Transaction) => {
    if (tr.local) return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const [id, change] of changes) {
      if (change.action === 'delete') toRemove.push(id as TLRecord['id'])
      else if (change.newValue) toPut.push(change.newValue)
    }
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove.filter((id) => store.has(id)))
      for (const record of toPut) {
        try {
          store.put([record])
        } catch (err) {
          console.warn('Skipped a record this app version cannot read', record.id, err)
        }
      }
    })
  }
  records.on('change', onChange)
  return () => {
    stopListening()
    records.off('change', onChange)
  }
}

/** A note written during private writing and not yet revealed. */
export function isPrivateRecord(record: TLRecord): boolean {
  return record.typeName === 'shape' && (record.meta as { jbPrivate?: unknown }).jbPrivate === true
}

/**
 * Private notes live in this browser's localStorage until revealed, so a participant who drops out
 * before the reveal keeps them and shares them on return.
 */
function keepPrivateNotesLocal(store: TLStore, boardId: string, userId: string): () => void {
  const key = `journey-board:private:${boardId}:${userId}`
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? '[]') as TLRecord[]
    const missing = saved.filter((r) => isPrivateRecord(r) && !store.has(r.id))
    if (missing.length) store.mergeRemoteChanges(() => store.put(missing))
  } catch {
    localStorage.removeItem(key)
  }
  const save = () => {
    const mine = store.allRecords().filter(isPrivateRecord)
    if (mine.length) localStorage.setItem(key, JSON.stringify(mine))
    else localStorage.removeItem(key)
  }
  return store.listen(save, { scope: 'document' })
}

/** Publishes our cursor and name through awareness and shows everyone else's as tldraw presences. */
function bindPresence(
  store: TLStore,
  provider: WebsocketProvider,
  user: LocalUser,
  onCollaborators: (c: Collaborator[]) => void,
): () => void {
  const awareness = provider.awareness
  const $user = atom<TLUser | null>('presence user', {
    id: `user:${user.id}` as TLUser['id'],
    typeName: 'user',
    name: user.name,
    color: user.color,
    imageUrl: '',
    meta: {},
  })
  const presenceId = InstancePresenceRecordType.createId(String(awareness.clientID))
  const presence = createPresenceStateDerivation($user, { instanceId: presenceId })(store)
  awareness.setLocalStateField('user', { id: user.id, name: user.name, color: user.color, presenceUserId: `user:${user.id}` })
  const stopPresence = react('publish presence', () => {
    awareness.setLocalStateField('presence', presence.get())
  })

  const publishCollaborators = () => {
    const list: Collaborator[] = []
    for (const [clientId, s] of awareness.getStates()) {
      const u = (s as { user?: { name?: string; color?: string; presenceUserId?: string } }).user
      if (u?.name) list.push({ clientId, name: u.name, color: u.color ?? '#888', isSelf: clientId === awareness.clientID, presenceUserId: u.presenceUserId })
    }
    onCollaborators(list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name)))
  }
  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates()
    const toPut: TLInstancePresence[] = []
    for (const id of added.concat(updated)) {
      if (id === awareness.clientID) continue
      const p = (states.get(id) as { presence?: TLInstancePresence } | undefined)?.presence
      if (p) toPut.push({ ...p, id: InstancePresenceRecordType.createId(String(id)) })
    }
    const toRemove = removed.map((id) => InstancePresenceRecordType.createId(String(id))).filter((id) => store.has(id))
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
      if (toPut.length) store.put(toPut)
    })
    publishCollaborators()
  }
  awareness.on('change', onAwareness)
  onAwareness({ added: Array.from(awareness.getStates().keys()), updated: [], removed: [] })
  return () => {
    stopPresence()
    awareness.off('change', onAwareness)
    awareness.setLocalState(null)
  }
}
