'use client'
import { useState } from 'react'

/**
 * The table's text field for a note's words, new or edited: Enter saves (nothing when only spaces
 * were typed), Shift+Enter starts a new line, Escape cancels. The hint says so under the field.
 */
export function NoteTextField({ label, initial = '', onSave, onCancel }: { label: string; initial?: string; onSave(text: string): void; onCancel(): void }) {
  const [draft, setDraft] = useState(initial)
  return (
    <>
      <label className="block text-xs text-slate-700">
        {label}
        <textarea
          autoFocus
          className="mt-0.5 block w-full rounded border border-slate-400 p-1 text-sm text-slate-900"
          rows={3}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault()
              if (draft.trim()) onSave(draft.trim())
              else onCancel()
            } else if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              onCancel()
            }
          }}
        />
      </label>
      <p className="mt-0.5 text-[11px] text-slate-600">Enter saves, Shift+Enter starts a new line, Escape cancels.</p>
    </>
  )
}
