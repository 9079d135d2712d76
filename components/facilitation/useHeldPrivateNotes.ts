'use client'
import { useEffect, useRef, useState } from 'react'
import type { Editor, TLRecord, TLShape } from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { getLockRefusal, isPrivateShape } from '../../lib/collab/getLockRefusal'
import { getSessionMap, readSessionValue, type Session } from '../../lib/collab/session'
import { getShapePlacement } from './registerLockGuard'
import { publishRevealedNotes } from './registerSessionBehaviour'

/** Awareness field with how many revealed notes this person holds back because of a lock. */
export const HELD_NOTES_FIELD = 'heldNotes'

type Awareness = WebsocketProvider['awareness']

/**
 * How long after sharing a note its removal by the server is taken for a lock that came back at the
 * same moment (the facilitator unlocked and locked again), rather than for someone deleting it.
 */
const SHARE_RACE_MS = 30_000

/**
 * Shares this person's revealed private notes, except those sitting where a lock would refuse them
 * (a participant's note in a locked lane, or any note on a locked board): the server would undo
 * those, and they would be lost. A held note stays private on this device (and in its local copy)
 * and is shared as soon as the lock no longer covers it: when the facilitator unlocks, or when its
 * writer moves it to an open lane. Facilitators are not limited, so they hold nothing back.
 *
 * If the server undoes a note just shared because a lock came back meanwhile, the note is put back
 * here as private and held again, so even that race loses nothing.
 *
 * The count is published in awareness so the facilitator sees that notes are waiting (not their
 * content). Returns the ids of the notes held back.
 */
export function useHeldPrivateNotes(
  editor: Editor | undefined,
  session: Session | undefined,
  { canWrite, limited, doc, awareness }: { canWrite: boolean; limited: boolean; doc?: Y.Doc; awareness?: Awareness },
): string[] {
  const [heldIds, setHeldIds] = useState<string[]>([])
  // Notes this device shared, as they were while private, and when: kept across session changes.
  const shared = useRef(new Map<string, { note: TLShape; at: number }>())

  useEffect(() => {
    if (!editor || !session || !canWrite) return
    // The document's lock, not the rendered one: a lock can arrive just before the server's undo.
    const getLock = () => (doc ? readSessionValue(getSessionMap(doc), 'lock') : session.lock)
    const isHeld = (note: TLShape) => limited && getLockRefusal(getLock(), undefined, getShapePlacement(editor, note)) !== undefined
    const release = () => {
      if (editor.isDisposed) return
      const { published, held } = publishRevealedNotes(editor, session, isHeld)
      for (const note of published) shared.current.set(note.id, { note, at: Date.now() })
      const ids = held.map((s) => s.id as string).sort()
      setHeldIds((prev) => (prev.join() === ids.join() ? prev : ids))
    }
    release()
    // A held note moved out of the lock by its writer is shared at once.
    const touchesPrivate = (records: TLRecord[]) => records.some((r) => r.typeName === 'shape' && isPrivateShape(r))
    const stopOwn = editor.store.listen(
      ({ changes }) => {
        const touched = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, r]) => r)]
        // Not inside the store's listener: sharing writes to the store.
        if (touchesPrivate(touched)) queueMicrotask(release)
      },
      { source: 'user', scope: 'document' },
    )
    const stopRemote = editor.store.listen(
      ({ changes }) => {
        const now = Date.now()
        const undone = Object.keys(changes.removed).flatMap((id) => {
          const entry = shared.current.get(id)
          return entry && now - entry.at < SHARE_RACE_MS && isHeld(entry.note) ? [entry.note] : []
        })
        if (undone.length === 0) return
        for (const note of undone) shared.current.delete(note.id)
        queueMicrotask(() => {
          if (editor.isDisposed) return
          // As a remote change: it stays on this device (kept in the browser's copy), not sent.
          editor.store.mergeRemoteChanges(() => editor.store.put(undone.filter((n) => !editor.store.has(n.id))))
          release()
        })
      },
      { source: 'remote', scope: 'document' },
    )
    return () => {
      stopOwn()
      stopRemote()
    }
  }, [editor, session, canWrite, limited, doc])

  useEffect(() => {
    awareness?.setLocalStateField(HELD_NOTES_FIELD, heldIds.length)
  }, [awareness, heldIds.length])

  return heldIds
}

/** Who holds revealed notes back because of a lock, from everyone's awareness (for the facilitator). */
export function useHeldNotesOfOthers(awareness: Awareness | undefined): { name: string; count: number }[] {
  const [held, setHeld] = useState<{ name: string; count: number }[]>([])
  useEffect(() => {
    if (!awareness) return
    const refresh = () => {
      const byName = new Map<string, number>()
      for (const state of awareness.getStates().values()) {
        const count = Number((state as Record<string, unknown>)[HELD_NOTES_FIELD] ?? 0)
        const name = (state as { user?: { name?: string } }).user?.name
        // Two tabs of one person hold the same notes: the larger count, not the sum.
        if (count > 0 && name) byName.set(name, Math.max(byName.get(name) ?? 0, count))
      }
      const list = [...byName].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name))
      setHeld((prev) => (JSON.stringify(prev) === JSON.stringify(list) ? prev : list))
    }
    refresh()
    awareness.on('change', refresh)
    return () => awareness.off('change', refresh)
  }, [awareness])
  return held
}
