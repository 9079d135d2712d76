import * as Y from 'yjs'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { DocumentStore } from '../storage/DocumentStore'
import type { RoomManager } from '../sync/RoomManager'
import { readBoardRecords } from './buildBoardDocument'

/** The board's full Yjs state as persisted (live room if loaded, else storage). */
export async function readPersistedBoardState(documents: DocumentStore, rooms: RoomManager | undefined, boardId: string): Promise<Uint8Array> {
  const live = rooms?.peek(boardId)
  if (live) {
    const room = await live
    await room.whenIdle()
    return Y.encodeStateAsUpdate(room.doc)
  }
  const stored = await documents.loadDocument(boardId)
  return Y.mergeUpdates(stored.updates.filter((u) => isReadable(u)))
}

function isReadable(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update)
    return true
  } catch {
    return false
  }
}

/** Records of a Yjs state (a version snapshot). */
export function readRecordsOfState(state: Uint8Array): BoardRecord[] {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const records = readBoardRecords(doc)
  doc.destroy()
  return records
}

/**
 * The board's records as persisted: from the live room when it is loaded (its document only ever
 * holds stored updates), otherwise straight from storage. Never loads a room for a read.
 */
export async function readPersistedBoardRecords(documents: DocumentStore, rooms: RoomManager | undefined, boardId: string): Promise<BoardRecord[]> {
  const live = rooms?.peek(boardId)
  if (live) {
    const room = await live
    await room.whenIdle()
    return readBoardRecords(room.doc)
  }
  const stored = await documents.loadDocument(boardId)
  const doc = new Y.Doc()
  for (const update of stored.updates) {
    try {
      Y.applyUpdate(doc, update)
    } catch {
      // An unreadable update is skipped here as in a room load; the room logs it.
    }
  }
  const records = readBoardRecords(doc)
  doc.destroy()
  return records
}
