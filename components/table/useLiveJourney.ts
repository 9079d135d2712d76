'use client'
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import { buildJourney } from '../../lib/journey/buildJourney'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import type { BoardRecord } from '../../lib/tldraw/records'

/**
 * The journey the board shows now, rebuilt from the editor's store at most once per animation frame
 * while people edit: the table is a second view of the same records, so a note typed here or moved
 * on any canvas lands in its cell within a frame of arriving. Private notes of this person are in
 * the store, so they are in this journey too (the server's export never sees them).
 */
export function useLiveJourney(editor: Editor, boardId: string, title: string): JourneyMap {
  const [journey, setJourney] = useState(() => readJourney(editor, boardId, title))
  useEffect(() => {
    let frame: number | undefined
    setJourney(readJourney(editor, boardId, title))
    const stop = editor.store.listen(
      () => {
        frame ??= requestAnimationFrame(() => {
          frame = undefined
          setJourney(readJourney(editor, boardId, title))
        })
      },
      { scope: 'document' },
    )
    return () => {
      stop()
      if (frame !== undefined) cancelAnimationFrame(frame)
    }
  }, [editor, boardId, title])
  return journey
}

function readJourney(editor: Editor, boardId: string, title: string): JourneyMap {
  // exportedAt is not shown; a fixed time keeps the model equal when nothing changed.
  return buildJourney(editor.store.allRecords() as unknown as BoardRecord[], { boardId, title, exportedAt: new Date(0).toISOString() })
}
