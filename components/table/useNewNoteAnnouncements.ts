'use client'
import { useEffect, useRef, useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import type { JourneyNote } from '../../lib/journey/journeySchema'

/**
 * Tells a screen reader of notes that others add to the cell in focus ("New note in Purchase, Pain
 * points by Ben: Too many steps"), as they arrive. The notes already there when the cell gets focus,
 * and this person's own, are not announced.
 */
export function useNewNoteAnnouncements(cellName: string, notes: readonly JourneyNote[], editor: Editor, userId: string): { text: string; n: number } | undefined {
  const [said, setSaid] = useState<{ text: string; n: number }>()
  const known = useRef<{ cell: string; ids: Set<string> }>({ cell: '', ids: new Set() })
  useEffect(() => {
    const seen = known.current
    if (seen.cell !== cellName) {
      known.current = { cell: cellName, ids: new Set(notes.map((n) => n.id)) }
      return
    }
    const fresh = notes.filter((n) => !seen.ids.has(n.id))
    for (const n of notes) seen.ids.add(n.id)
    const others = fresh.filter((n) => editor.getShape(n.id as TLShapeId)?.meta.authorId !== userId)
    if (others.length === 0) return
    const text = others.map((n) => `New note in ${cellName}${n.author ? ` by ${n.author}` : ''}: ${n.text}`).join('. ')
    setSaid((s) => ({ text, n: (s?.n ?? 0) + 1 }))
  }, [cellName, notes, editor, userId])
  return said
}
