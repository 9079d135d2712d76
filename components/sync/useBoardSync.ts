'use client'
import { useEffect, useState } from 'react'
import {
  atom,
  CameraRecordType,
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
  TLINSTANCE_ID,
} from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { CloseReason } from '../../lib/collab/closeReasons'
import type { DocumentRefusal } from '../../lib/collab/describeDocumentRefusal'
import { META_SCHEMA_KEY } from '../../lib/collab/documentLayout'
import type { LocalUser } from './localUser'
import { BOARD_SHAPE_UTILS } from '../notes/BoardNoteShapeUtil'
import { bindStoreToDoc, isPrivateRecord, loadRecordsIntoStore, putRecord, reconcileRecordsMadeBeforeLoad } from './bindStoreToDoc'
import { createRemoteChangeBatcher, type RemoteChangeBatcher } from './createRemoteChangeBatcher'
import { getFitCamera } from './getFitCamera'
import { openBoardConnection, takeBoardConnection, type ConnectionNews } from './openBoardConnection'
import { BOARD_MARKS } from './boardMarks'
import { getPrivateNotesKey } from './deviceStore'

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
  /**
   * Available at once, empty until the board's records arrive (`loaded`): tldraw mounts its UI
   * while the document is still on its way (the page veils the canvas meanwhile), and the notes
   * then render in one pass.
   */
  store?: TLStore
  /** The board's records are in the store (from the server, or from this device's copy offline). */
  loaded: boolean
  /** The board's Yjs document once bound (session state and votes live beside the records). */
  doc?: Y.Doc
  provider?: WebsocketProvider
  connection: ConnectionState
  /** True when the server has stored every change made in this browser. */
  allSaved: boolean
  /** Set while the server reports it cannot store changes (disk full, database error). */
  storageError?: string
  /** The last time the server undid part of a change made here (a limit), and why. */
  changeRefused?: { reason: DocumentRefusal; limit: number; at: number }
  collaborators: Collaborator[]
  /** Set when the server refused the connection for good (a 44xx close code). */
  refusedCode?: number
  /** The board was written by a newer app version: this client must not touch it. */
  outdated: boolean
  /** Records the server sent that this client's schema rejected; they are skipped, not fatal. */
  skippedRecords: string[]
}

const INITIAL: BoardSync = { connection: 'connecting', loaded: false, allSaved: true, collaborators: [], outdated: false, skippedRecords: [] }

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
    // Keep the state object (no re-render) when nothing in it changes: most messages change nothing.
    const update = (patch: Partial<BoardSync>) =>
      setState((s) => ((Object.keys(patch) as (keyof BoardSync)[]).every((key) => Object.is(s[key], patch[key])) ? s : { ...s, ...patch }))
    setState(INITIAL)

    // Usually opened by the page while tldraw's chunk was loading, so the document may be in already.
    const connection = takeBoardConnection(boardId, readOnly) ?? openBoardConnection(boardId, { readOnly })
    const { doc, records, meta, provider } = connection
    const status = atom<'online' | 'offline'>('connection status', 'offline')
    // Editable from the start for those who may edit (a veil covers the canvas until the board has
    // loaded): switching read-only off at load re-rendered tldraw's toolbar and style panel, whose
    // size measurements then forced a layout of all 4,000 notes (~0.35 s).
    const mode = atom<'readonly' | 'readwrite'>('collaboration mode', readOnly ? 'readonly' : 'readwrite')
    const store = createTLStore({
      shapeUtils: [...defaultShapeUtils.filter((util) => !BOARD_SHAPE_UTILS.some((own) => own.type === util.type)), ...BOARD_SHAPE_UTILS],
      bindingUtils: defaultBindingUtils,
      // Viewers get a read-only canvas; the server drops their writes regardless.
      collaboration: { status, mode },
    })
    update({ store })
    const unsubs: (() => void)[] = []
    const remote = createRemoteChangeBatcher(store)
    unsubs.push(remote.dispose)
    let everConnected = false
    let bound = false

    // "All changes saved": the server acknowledges stored updates with its state vector.
    const { server } = connection
    const onNews = (news: ConnectionNews) => {
      // The facilitator changed our role: reload to pick up the new permissions.
      if (news === 'role-changed') window.location.reload()
      else if (news === 'refused') update({ refusedCode: server.refusedCode, connection: 'offline' })
      else if (news === 'storage-error') update({ storageError: server.storageError, allSaved: false })
      else if (news === 'change-refused') update({ changeRefused: server.changeRefused })
      else if (news === 'unsaved') update({ allSaved: false })
      else update({ storageError: undefined, allSaved: !connection.hasUnsavedChanges() })
    }
    unsubs.push(connection.subscribe(onNews))

    // "Connected" means in step with the server: connected, synced and the board loaded. The socket
    // opening alone is not enough; until the first sync the board is not there to work on.
    const reportConnection = () => {
      const live = provider.wsconnected && provider.synced && bound
      if (live) everConnected = true
      status.set(live ? 'online' : 'offline')
      update({ connection: live ? 'connected' : everConnected ? 'reconnecting' : 'connecting' })
    }
    provider.on('status', reportConnection)
    const goOffline = () => update({ connection: 'offline' })
    window.addEventListener('offline', goOffline)
    unsubs.push(() => window.removeEventListener('offline', goOffline))

    let disposed = false
    const bind = () => {
      if (bound || disposed) return
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
      performance.mark(BOARD_MARKS.docSynced)
      const skipped = loadRecordsIntoStore(store, records, remoteSchema)
      // Those who may not edit change nothing in the document (the server would refuse it).
      reconcileRecordsMadeBeforeLoad(store, records, { readOnly })
      presetFitCamera(store)
      performance.mark(BOARD_MARKS.storeLoaded)
      update({ skippedRecords: skipped })
      const pending = remoteSchema ? store.schema.getMigrationsSince(remoteSchema) : undefined
      if (!readOnly && (!pending || (pending.ok && pending.value.length > 0))) {
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
      unsubs.push(bindStoreToDoc(store, doc, records, remote, { readOnly }))
      if (!readOnly) unsubs.push(keepPrivateNotesLocal(store, boardId, user.id))
      unsubs.push(bindPresence(store, provider, user, remote, (collaborators) => update({ collaborators })))
      update({ loaded: true, doc, provider })
      reportConnection()
    }
    const onSync = (synced: boolean) => {
      if (synced) bind()
      reportConnection()
    }
    provider.on('sync', onSync)
    // Offline, the board opens from this device's copy.
    void connection.whenDeviceCopyLoaded.then(() => {
      if (!provider.synced && records.map.size > 0) bind()
    })
    // The page is going (reload, navigation, tab closed): tldraw hands store changes on once a frame,
    // so the last keystrokes may not be in the document yet; then keep what is not yet stored.
    const keepEditsOnHide = () => {
      store._flushHistory()
      connection.keepEditsAtRisk()
    }
    window.addEventListener('pagehide', keepEditsOnHide)
    unsubs.push(() => window.removeEventListener('pagehide', keepEditsOnHide))
    // What happened before this hook took the connection (it may have synced, or been refused).
    if (provider.synced) bind()
    reportConnection()
    update({ allSaved: !connection.hasUnsavedChanges() })
    for (const news of connection.pastNews()) onNews(news)

    return () => {
      disposed = true
      unsubs.forEach((fn) => fn())
      provider.off('sync', onSync)
      provider.off('status', reportConnection)
      connection.destroy()
    }
  }, [boardId, user, readOnly])

  return state
}

/** Points the current page's camera at the whole board as it loads (see getFitCamera). */
function presetFitCamera(store: TLStore): void {
  const pageId = store.get(TLINSTANCE_ID)?.currentPageId
  const camera = pageId && store.get(CameraRecordType.createId(pageId))
  const fit = pageId && getFitCamera(store.allRecords(), pageId, { w: window.innerWidth, h: window.innerHeight })
  // As a remote change: not an edit of this person's, so not on their undo stack (the editor is
  // usually mounted by now, and its history records its own store changes).
  if (camera && fit) store.mergeRemoteChanges(() => store.put([{ ...camera, ...fit }]))
}

/**
 * Private notes live in this browser's localStorage until revealed, so a participant who drops out
 * before the reveal keeps them and shares them on return.
 */
function keepPrivateNotesLocal(store: TLStore, boardId: string, userId: string): () => void {
  const key = getPrivateNotesKey(boardId, userId)
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
  // Only changes that touch a private note (before or after) can change what is saved: scanning
  // every record on every change cost O(records) per remote edit on a large board.
  return store.listen(
    ({ changes }) => {
      const touched =
        Object.values(changes.added).some(isPrivateRecord) ||
        Object.values(changes.removed).some(isPrivateRecord) ||
        Object.values(changes.updated).some(([from, to]) => isPrivateRecord(from) || isPrivateRecord(to))
      if (touched) save()
    },
    { scope: 'document' },
  )
}

/**
 * Publishes our cursor and name through awareness and shows everyone else's as tldraw presences.
 * Presence changes are applied with the other remote changes once per frame; the list of people
 * is passed on only when it changes (not at every cursor move).
 */
function bindPresence(
  store: TLStore,
  provider: WebsocketProvider,
  user: LocalUser,
  remote: RemoteChangeBatcher,
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

  let published = ''
  const publishCollaborators = () => {
    const list: Collaborator[] = []
    for (const [clientId, s] of awareness.getStates()) {
      const u = (s as { user?: { name?: string; color?: string; presenceUserId?: string } }).user
      if (u?.name) list.push({ clientId, name: u.name, color: u.color ?? '#888', isSelf: clientId === awareness.clientID, presenceUserId: u.presenceUserId })
    }
    list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name))
    const key = JSON.stringify(list)
    if (key === published) return
    published = key
    onCollaborators(list)
  }
  const changed = new Set<number>()
  const apply = () => {
    const states = awareness.getStates()
    for (const clientId of changed) {
      if (clientId === awareness.clientID) continue
      const id = InstancePresenceRecordType.createId(String(clientId))
      const p = (states.get(clientId) as { presence?: TLInstancePresence } | undefined)?.presence
      if (p) putRecord(store, { ...p, id })
      else if (store.has(id)) store.remove([id])
    }
    changed.clear()
    publishCollaborators()
  }
  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const id of added) changed.add(id)
    for (const id of updated) changed.add(id)
    for (const id of removed) changed.add(id)
    remote.schedule(apply)
  }
  awareness.on('change', onAwareness)
  onAwareness({ added: Array.from(awareness.getStates().keys()), updated: [], removed: [] })
  remote.flush()
  return () => {
    stopPresence()
    awareness.off('change', onAwareness)
    awareness.setLocalState(null)
  }
}
