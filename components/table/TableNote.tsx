'use client'
import { useState } from 'react'
import type { JourneyNote } from '../../lib/journey/journeySchema'
import { NoteTextField } from './NoteTextField'

/** What one note of the table may do for this person, and how. */
export interface NoteActions {
  /** Whether this person may change the note (edit, delete, move): not a viewer, not in a locked cell. */
  canChange: boolean
  canEditText: boolean
  onEdit(text: string): void
  onDelete(): void
  /** Cells the note may move to, as [key, "Stage × Lane"]. */
  moveTargets: [string, string][]
  onMove(cellKey: string): void
  /** The dots shown on the note (everyone's, or this person's while the counts are hidden); undefined without a vote. */
  votes: number | undefined
  /** Dot voting on this note, when the vote covers it and this person may vote. */
  dots?: { mine: number; noDotsLeft: string | undefined; onAdd(): void; onRemove(): void }
  isPrivate: boolean
}

/** How a note is read out: its words, who wrote it and its dots. */
export function describeNote(note: JourneyNote, votes: number | undefined, isPrivate: boolean): string {
  const parts = [note.text || '(empty note)']
  if (note.author) parts.push(`by ${note.author}`)
  if (votes !== undefined) parts.push(`${votes} dot${votes === 1 ? '' : 's'}`)
  if (note.emotionScore !== null) parts.push(`emotion ${note.emotionScore > 0 ? '+' : ''}${note.emotionScore}`)
  if (isPrivate) parts.push('private, on this device until the reveal')
  return parts.join(', ')
}

// At least 24 px high (WCAG 2.2 target size), 40 px on a phone.
const BUTTON = 'min-h-6 max-[599px]:min-h-10 max-[599px]:px-3 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:text-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600'

/** One note in a cell of the journey table: its words and author, then what this person may do with it. */
export function TableNote({ note, actions, onDone }: { note: JourneyNote; actions: NoteActions; onDone(): void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'move'>('view')
  // Back to viewing, and the focus back to the cell: the edited or moved note's controls go away.
  const finish = () => {
    setMode('view')
    onDone()
  }
  const [target, setTarget] = useState(actions.moveTargets[0]?.[0] ?? '')
  const votes = actions.votes
  const label = describeNote(note, votes, actions.isPrivate)

  if (mode === 'edit') {
    return (
      <li className="rounded-md bg-yellow-100 p-1.5" data-testid="table-note" data-note-id={note.id}>
        <NoteTextField
          label="Edit note"
          initial={note.text}
          onSave={(text) => {
            if (text !== note.text) actions.onEdit(text)
            finish()
          }}
          onCancel={finish}
        />
      </li>
    )
  }

  return (
    <li className="rounded-md bg-yellow-100 p-1.5 text-sm text-slate-900" data-testid="table-note" data-note-id={note.id} aria-label={label}>
      <p className="break-words whitespace-pre-wrap">{note.text || <span className="text-slate-500">(empty note)</span>}</p>
      <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-600" aria-hidden="true">
        {note.author && <span>{note.author}</span>}
        {votes !== undefined && votes > 0 && <span data-testid="table-note-votes">{votes}●</span>}
        {note.emotionScore !== null && <span>emotion {note.emotionScore > 0 ? '+' : ''}{note.emotionScore}</span>}
        {actions.isPrivate && <span className="rounded bg-violet-700 px-1 text-white">private</span>}
      </p>
      {mode === 'move' ? (
        <div className="mt-1 flex flex-wrap items-center gap-1">
          <label className="text-xs text-slate-700">
            Move to{' '}
            <select autoFocus className="rounded border border-slate-400 text-xs" value={target} onChange={(e) => setTarget(e.target.value)} onKeyDown={(e) => {
                if (e.key !== 'Escape') return
                e.stopPropagation()
                finish()
              }}>
              {actions.moveTargets.map(([key, name]) => (
                <option key={key} value={key}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button className={BUTTON} onClick={() => {
              actions.onMove(target)
              finish()
            }}>
            Move
          </button>
          <button className={BUTTON} onClick={finish}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="mt-1 flex flex-wrap gap-1">
          {actions.canChange && actions.canEditText && (
            <button className={BUTTON} aria-label={`Edit note: ${note.text}`} onClick={() => setMode('edit')}>
              Edit
            </button>
          )}
          {actions.canChange && actions.moveTargets.length > 0 && (
            <button className={BUTTON} aria-label={`Move note: ${note.text}`} onClick={() => setMode('move')}>
              Move
            </button>
          )}
          {actions.canChange && (
            <button className={BUTTON} aria-label={`Delete note: ${note.text}`} onClick={() => {
              actions.onDelete()
              onDone()
            }}>
              Delete
            </button>
          )}
          {actions.dots && (
            <>
              <button className={BUTTON} aria-label={`Add a dot to: ${note.text}`} title={actions.dots.noDotsLeft} disabled={!!actions.dots.noDotsLeft} onClick={actions.dots.onAdd}>
                + dot
              </button>
              <button className={BUTTON} aria-label={`Remove a dot from: ${note.text}`} disabled={actions.dots.mine === 0} onClick={actions.dots.onRemove}>
                − dot
              </button>
              <span className="text-xs text-slate-600">{actions.dots.mine > 0 ? `${actions.dots.mine} of yours` : ''}</span>
            </>
          )}
        </div>
      )}
    </li>
  )
}
