import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetBoard, getBoardInfoKey, getDeviceCopyName, getKeptEditsPrefix, getPrivateNotesKey, getServerCopyMarkKey } from './deviceStore'
import { installLocalStorage } from '../../testing/installLocalStorage'

/** The databases of the origin; `deleteDatabase` answers asynchronously, as the browser does. */
function installIndexedDb(): Set<string> {
  const databases = new Set<string>()
  vi.stubGlobal('indexedDB', {
    deleteDatabase(name: string) {
      const request: { onsuccess?: () => void; onerror?: () => void } = {}
      setTimeout(() => {
        databases.delete(name)
        request.onsuccess?.()
      })
      return request
    },
  })
  return databases
}

/** Everything the app keeps on this device for a board, as each of its writers names it. */
function writeBoard(storage: Map<string, string>, databases: Set<string>, boardId: string): void {
  databases.add(getDeviceCopyName(boardId))
  // Two tabs kept edits at unload (rescueUnstoredEdits: prefix + Yjs client id).
  storage.set(`${getKeptEditsPrefix(boardId)}1234`, 'AAE=')
  storage.set(`${getKeptEditsPrefix(boardId)}5678`, 'AAI=')
  // Two people used this browser and each holds private notes (useBoardSync).
  storage.set(getPrivateNotesKey(boardId, 'user-ann'), '[{"id":"shape:a"}]')
  storage.set(getPrivateNotesKey(boardId, 'guest-bob'), '[{"id":"shape:b"}]')
  storage.set(getBoardInfoKey(boardId), '{"id":"x","title":"Board"}')
  storage.set(getServerCopyMarkKey(boardId), '1')
}

describe('forgetBoard', () => {
  let storage: Map<string, string>
  let databases: Set<string>
  beforeEach(() => {
    storage = installLocalStorage()
    databases = installIndexedDb()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('leaves nothing of the board on the device and keeps other boards and other keys', async () => {
    writeBoard(storage, databases, 'board-one')
    // A board whose id starts with the forgotten one's: a prefix match must not take its keys.
    writeBoard(storage, databases, 'board-one-more')
    writeBoard(storage, databases, 'board-two')
    storage.set('unrelated', 'kept')
    const others = Array.from(storage.keys()).filter((key) => !key.includes(':board-one:') && !key.endsWith(':board-one'))

    await forgetBoard('board-one')

    const left = Array.from(storage.keys())
    expect(left.filter((key) => key.includes('board-one:') || key.endsWith(':board-one'))).toEqual([])
    expect(left.sort()).toEqual(others.sort())
    expect(Array.from(databases).sort()).toEqual([getDeviceCopyName('board-one-more'), getDeviceCopyName('board-two')])
  })

  it('resolves when neither localStorage nor IndexedDB can be used', async () => {
    vi.stubGlobal('localStorage', {
      get length(): number {
        throw new Error('SecurityError')
      },
    })
    vi.stubGlobal('indexedDB', undefined)
    await expect(forgetBoard('board-one')).resolves.toBeUndefined()
  })

  it('resolves when the deletion fails', async () => {
    vi.stubGlobal('indexedDB', {
      deleteDatabase() {
        const request: { onerror?: () => void } = {}
        setTimeout(() => request.onerror?.())
        return request
      },
    })
    await expect(forgetBoard('board-one')).resolves.toBeUndefined()
  })
})
