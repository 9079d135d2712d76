'use client'
import { useRef, useState, type KeyboardEvent } from 'react'
import type { JourneyNote } from '../../lib/journey/journeySchema'
import { NoteTextField } from './NoteTextField'
import { TableNote, type NoteActions } from './TableNote'

interface Props {
  /** "Stage, Lane": how the cell is named to a screen reader and in "Move to…". */
  name: string
  notes: JourneyNote[]
  /** Whether this is the cell that Tab reaches (one per table: arrow keys move it). */
  active: boolean
  /** Called with the cell's element (and null when it goes), so arrow keys can focus it. */
  register(el: HTMLTableCellElement | null): void
  onFocus(): void
  onArrow(event: KeyboardEvent<HTMLTableCellElement>): void
  /** Whether this person may add notes here. */
  canAdd: boolean
  /** The lock on this cell, in words ("This lane is locked by the facilitator."), shown in the cell. */
  lockReason: string | undefined
  onAdd(text: string): void
  actionsFor(note: JourneyNote): NoteActions
}

/**
 * One cell of the journey table: its notes as a list, and a field for a new note that Enter on the
 * focused cell opens. A cell people cannot write in says why, in words.
 */
export function TableCell({ name, notes, active, register, onFocus, onArrow, canAdd, lockReason, onAdd, actionsFor }: Props) {
  const [adding, setAdding] = useState(false)
  const cell = useRef<HTMLTableCellElement | null>(null)
  const close = () => {
    setAdding(false)
    cell.current?.focus()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>) => {
    if (event.target !== event.currentTarget) {
      // Escape from any control in the cell goes back to the cell, where arrow keys work again.
      if (event.key === 'Escape') cell.current?.focus()
      return
    }
    if (event.key === 'Enter' && canAdd) {
      event.preventDefault()
      setAdding(true)
    } else onArrow(event)
  }
  return (
    <td
      ref={(el) => {
        cell.current = el
        register(el)
      }}
      tabIndex={active ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && onFocus()}
      onKeyDown={onKeyDown}
      aria-label={`${name}: ${notes.length} note${notes.length === 1 ? '' : 's'}${lockReason ? `. ${lockReason}` : ''}`}
      data-testid="table-cell"
      data-cell={name}
      className="min-w-[12rem] border border-slate-300 p-1.5 align-top focus:outline focus:outline-2 focus:-outline-offset-2 focus:outline-blue-600"
    >
      {lockReason && <p className="mb-1 text-xs text-slate-600" data-testid="cell-read-only">{lockReason}</p>}
      {notes.length > 0 && (
        <ul className="flex flex-col gap-1.5" aria-label={`Notes in ${name}`}>
          {notes.map((note) => (
            <TableNote key={note.id} note={note} actions={actionsFor(note)} onDone={() => cell.current?.focus()} />
          ))}
        </ul>
      )}
      {adding ? (
        <div className="mt-1.5">
          <NoteTextField
            label={`New note in ${name}`}
            onSave={(text) => {
              onAdd(text)
              close()
            }}
            onCancel={close}
          />
        </div>
      ) : (
        canAdd && (
          <button
            className="mt-1.5 min-h-6 w-full rounded border border-dashed border-slate-400 px-2 py-1 text-xs text-slate-600 max-[599px]:min-h-12 max-[599px]:border-solid max-[599px]:bg-blue-50 max-[599px]:text-base max-[599px]:text-blue-900 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600"
            onClick={() => setAdding(true)}
            aria-label={`Add a note to ${name}`}
          >
            + Add a note
          </button>
        )
      )}
    </td>
  )
}
