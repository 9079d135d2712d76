'use client'
import { fromBase64, toBase64 } from 'lib0/buffer'
import type { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { getStateVector, mergeStateVectors, type StateVector } from '../../lib/collab/stateVectors'
import { runWhenIdle } from './runWhenIdle'

/**
 * After an edit, how long at least before confirming that this device's copy holds it (then when the
 * browser is idle: not in the middle of opening a large board).
 */
export const DEVICE_CHECKPOINT_DELAY_MS = 300

/** Marks updates applied from the rescue copy (not typed here, not from the server). */
export const RESCUE_ORIGIN = Symbol('rescued edits')

/** Above this size a copy is not kept: it would crowd out the origin's localStorage (about 5 MB). */
export const MAX_RESCUE_COPY_CHARS = 2_000_000

export interface EditRescue {
  /**
   * Writes, synchronously, the edits this device's copy is not known to hold (leaving out content
   * the server has stored). For `pagehide`, after pending store changes have reached the document.
   */
  saveAtRisk(serverStateVector: StateVector): void
  /** Removes every kept copy of the board and keeps no more (no access to the board any more). */
  clear(): void
  dispose(): void
}

/**
 * The browser drops IndexedDB writes still in flight when the page unloads. Offline, that lost the
 * last characters typed before a reload in 4-6 of 12 tries: the edits were in the document but
 * never reached the device copy (y-indexeddb writes each update in its own transaction). localStorage
 * is written synchronously, so on `pagehide` the edits at risk go there, one key per tab
 * (`<keyPrefix><Yjs client id>`); the next open of the board applies every tab's copy, and they
 * reach the device copy through y-indexeddb like any other update.
 *
 * "Known to be on the device": a read-only transaction on y-indexeddb's store waits for every
 * read/write transaction on it created before (IndexedDB's transaction scheduling). Such a
 * checkpoint follows the device copy's load and then each burst of updates, so what is at risk on
 * `pagehide` is the last few hundred milliseconds. Updates are counted, not only compared by state
 * vector: a deletion leaves the state vector as it was.
 */
export function startEditRescue(doc: Y.Doc, local: IndexeddbPersistence, keyPrefix: string, serverOrigin: unknown): EditRescue {
  const ownKey = `${keyPrefix}${doc.clientID}`
  let onDevice: StateVector = new Map()
  // Updates made here (typed, or taken in from a kept copy), and how many of them the device copy holds.
  let localUpdates = 0
  let confirmedUpdates = 0
  // Kept copies whose edits are in the document: removed (if unchanged) once the device copy has them.
  let copiesToRemove = new Map<string, string>()
  let cancelCheckpoint: (() => void) | undefined
  let disposed = false

  /** Applies a kept copy; false (and the copy removed) when it cannot be read. */
  const takeIn = (key: string, copy: string): boolean => {
    try {
      Y.applyUpdate(doc, fromBase64(copy), RESCUE_ORIGIN)
      return true
    } catch (err) {
      console.warn('Dropped an unreadable copy of edits kept at unload', err)
      removeCopy(key)
      return false
    }
  }
  // Before the device copy loads, edits waiting for what it holds are kept: y-indexeddb stores the
  // whole state, waiting edits included, as it loads.
  for (const [key, copy] of readCopies(keyPrefix)) if (takeIn(key, copy)) copiesToRemove.set(key, copy)

  const checkpoint = () => {
    cancelCheckpoint = undefined
    if (disposed || !local.db) return
    const stateVector = getStateVector(doc)
    const updatesBefore = localUpdates
    const copies = copiesToRemove
    copiesToRemove = new Map()
    try {
      const transaction = local.db.transaction('updates', 'readonly')
      transaction.objectStore('updates').count()
      transaction.oncomplete = () => {
        onDevice = mergeStateVectors(onDevice, stateVector)
        confirmedUpdates = Math.max(confirmedUpdates, updatesBefore)
        for (const [key, copy] of copies) if (readCopy(key) === copy) removeCopy(key)
      }
    } catch {
      // The device copy was closed (the board is being left, or its copy deleted): nothing to confirm.
    }
  }
  // At most one waiting checkpoint: under a steady stream of updates, one still happens.
  const scheduleCheckpoint = () => {
    if (!disposed && !cancelCheckpoint) cancelCheckpoint = runWhenIdle(checkpoint, DEVICE_CHECKPOINT_DELAY_MS)
  }
  // Updates y-indexeddb loaded came from the device copy: the checkpoint after loading covers them.
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === local) return
    if (origin !== serverOrigin) localUpdates++
    scheduleCheckpoint()
  }
  doc.on('update', onUpdate)
  // The page being left may write its copy after this page has read the kept ones: Chromium runs the
  // old page's pagehide after the new page has started when the two are in different processes.
  // Another tab's copy is taken in the same way: its edits at risk then also reach the device copy
  // and the server through this tab.
  const onStorage = (event: StorageEvent) => {
    if (!event.key?.startsWith(keyPrefix) || event.key === ownKey || !event.newValue) return
    // A copy leaves out what its tab knew was stored. Its edits that wait for a part this document
    // lacks (another tab's earlier offline edits) reach neither the device copy nor the server from
    // here: such a copy stays for the next open, which applies it before the device copy loads.
    const nothingWaits = () => doc.store.pendingStructs === null && doc.store.pendingDs === null
    if (takeIn(event.key, event.newValue) && nothingWaits()) copiesToRemove.set(event.key, event.newValue)
    scheduleCheckpoint()
  }
  const events = typeof window === 'undefined' ? undefined : window
  events?.addEventListener('storage', onStorage)
  // Right once the device copy has loaded (a cheap transaction), so a reload soon after opening does
  // not keep the whole board: the document then is in the device copy (y-indexeddb stores the merged
  // state while loading), edits taken in from kept copies included.
  void local.whenSynced.then(() => {
    cancelCheckpoint?.()
    checkpoint()
  })

  const dispose = () => {
    disposed = true
    cancelCheckpoint?.()
    doc.off('update', onUpdate)
    events?.removeEventListener('storage', onStorage)
  }
  return {
    saveAtRisk(serverStateVector) {
      if (disposed || localUpdates === confirmedUpdates) return
      const known = mergeStateVectors(onDevice, serverStateVector)
      // The whole delete set travels with any update (a deletion has no place in a state vector).
      const copy = toBase64(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(known)))
      if (copy.length > MAX_RESCUE_COPY_CHARS) {
        console.warn(`Not keeping ${copy.length} characters of edits at unload (over ${MAX_RESCUE_COPY_CHARS})`)
        return
      }
      try {
        localStorage.setItem(ownKey, copy)
        // The copies taken in at open are in this document, so in this copy wherever the device copy
        // and the server might lack them: without a device copy (IndexedDB unavailable) they would
        // otherwise pile up, one per page load.
        for (const [key, taken] of copiesToRemove) if (key !== ownKey && readCopy(key) === taken) removeCopy(key)
        // Restored from the back-forward cache, this tab removes its copy once the device copy has it.
        copiesToRemove = new Map([[ownKey, copy]])
        scheduleCheckpoint()
      } catch (err) {
        console.warn('Could not keep the latest edits for an unload', err)
      }
    },
    clear() {
      dispose()
      for (const [key] of readCopies(keyPrefix)) removeCopy(key)
    },
    dispose,
  }
}

/** Removes every copy of edits kept at unload under `keyPrefix`, unread (for those who may not edit). */
export function clearKeptEdits(keyPrefix: string): void {
  for (const [key] of readCopies(keyPrefix)) removeCopy(key)
}

function readCopies(keyPrefix: string): [string, string][] {
  try {
    const copies: [string, string][] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      const copy = key?.startsWith(keyPrefix) ? localStorage.getItem(key) : null
      if (key && copy) copies.push([key, copy])
    }
    return copies
  } catch {
    return []
  }
}

function readCopy(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function removeCopy(key: string): void {
  try {
    localStorage.removeItem(key)
  } catch {
    // Storage blocked: nothing was kept either.
  }
}
