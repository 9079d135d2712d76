'use client'

/**
 * Everything this browser keeps about a board, named in one place. Board ids never contain ':'
 * (lib/collab/boardId), so a prefix ending in `<boardId>:` matches that board's keys only.
 *
 * - IndexedDB `journey-board:<boardId>`: the device copy of the board's document (y-indexeddb), so
 *   it opens and takes edits offline.
 * - localStorage `journey-board:unstored:<boardId>:<Yjs client id>`: edits at risk when a tab
 *   unloaded, one key per tab (rescueUnstoredEdits).
 * - localStorage `journey-board:private:<boardId>:<userId>`: that person's private notes until
 *   revealed (useBoardSync).
 * - localStorage `journey-board:info:<boardId>`: the last board info the API gave, to open offline
 *   (useBoardInfo).
 * - localStorage `journey-board:server-copy:<boardId>`: set while the device copy holds only what
 *   the server sent (a read-only visit, openBoardConnection).
 */
const APP = 'journey-board'

/** The IndexedDB database of the board's device copy (y-indexeddb's name for it). */
export const getDeviceCopyName = (boardId: string): string => `${APP}:${boardId}`

/** The prefix of the board's copies of edits kept at unload; each tab appends its Yjs client id. */
export const getKeptEditsPrefix = (boardId: string): string => `${APP}:unstored:${boardId}:`

const getPrivateNotesPrefix = (boardId: string): string => `${APP}:private:${boardId}:`

/** Where this person's private notes on the board wait until they are revealed. */
export const getPrivateNotesKey = (boardId: string, userId: string): string => `${getPrivateNotesPrefix(boardId)}${userId}`

/** The last board info the API answered (title, role, identity), for opening the board offline. */
export const getBoardInfoKey = (boardId: string): string => `${APP}:info:${boardId}`

/** Present ('1') while the board's device copy holds only what the server sent: nothing made here. */
export const getServerCopyMarkKey = (boardId: string): string => `${APP}:server-copy:${boardId}`

/** Whether a localStorage key belongs to the board (any of the keys above). */
function isBoardKey(boardId: string, key: string): boolean {
  if (key === getBoardInfoKey(boardId) || key === getServerCopyMarkKey(boardId)) return true
  return key.startsWith(getKeptEditsPrefix(boardId)) || key.startsWith(getPrivateNotesPrefix(boardId))
}

/**
 * Removes everything this browser keeps about the board: every localStorage key above and the
 * device copy's IndexedDB database. For losing access to the board (4403) or its deletion (4404):
 * its content must not stay on the device. An open device copy does not hold the deletion up:
 * y-indexeddb's connection (lib0/indexeddb) closes on `versionchange`. Resolves once the database is
 * gone, or at once when IndexedDB is unavailable; never rejects.
 */
export function forgetBoard(boardId: string): Promise<void> {
  try {
    const keys: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key !== null && isBoardKey(boardId, key)) keys.push(key)
    }
    // Collected first: removing while iterating shifts the indexes.
    for (const key of keys) localStorage.removeItem(key)
  } catch {
    // Storage blocked (privacy settings): nothing was kept there either.
  }
  return new Promise<void>((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(getDeviceCopyName(boardId))
      request.onsuccess = () => resolve()
      request.onerror = () => resolve()
    } catch {
      resolve()
    }
  })
}
