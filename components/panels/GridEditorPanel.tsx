'use client'
import { useState } from 'react'
import { useEditor, useValue, type TLRecord } from 'tldraw'
import { GridChangeError, GridEdits, planGridChange, readGridSpec, type GridSpec } from '../../lib/templates/gridOps'
import { LANE_KINDS, type LaneKind } from '../../lib/templates/laneKinds'
import type { BoardRecord } from '../../lib/tldraw/records'
import { SidePanel } from '../ui/SidePanel'

/**
 * Lets the facilitator rename, add, remove and reorder stages and lanes. Each change re-lays the
 * locked grid and moves the notes with their cells, as one undoable edit that syncs to everyone.
 */
export function GridEditorPanel({ onClose }: { onClose: () => void }) {
  const editor = useEditor()
  const spec = useValue('grid spec', () => readGridSpec(editor.getCurrentPageShapes() as unknown as BoardRecord[]), [editor])
  const [error, setError] = useState<string>()

  function change(next: GridSpec) {
    try {
      const { put, remove } = planGridChange(editor.getCurrentPageShapes() as unknown as BoardRecord[], next)
      editor.run(() => {
        editor.store.remove(remove as TLRecord['id'][])
        editor.store.put(put as unknown as TLRecord[])
      })
      setError(undefined)
    } catch (err) {
      if (err instanceof GridChangeError) setError(err.message)
      else throw err
    }
  }

  return (
    <SidePanel title="Journey grid" closeLabel="Close grid editor" onClose={onClose} testId="grid-editor" width="w-80" error={error}>
      <ItemList
        title="Stages"
        items={spec.stages}
        moveLabels={['Move left', 'Move right']}
        onRename={(id, name) => change(GridEdits.renameStage(spec, id, name))}
        onMove={(id, by) => change(GridEdits.moveStage(spec, id, by))}
        onRemove={(id) => change(GridEdits.removeStage(spec, id))}
      />
      <AddItem label="Add stage" onAdd={(name) => change(GridEdits.addStage(spec, name))} />
      <ItemList
        title="Lanes"
        items={spec.lanes}
        moveLabels={['Move up', 'Move down']}
        onRename={(id, name) => change(GridEdits.renameLane(spec, id, name))}
        onMove={(id, by) => change(GridEdits.moveLane(spec, id, by))}
        onRemove={(id) => change(GridEdits.removeLane(spec, id))}
      />
      <AddItem label="Add lane" withKind onAdd={(name, kind) => change(GridEdits.addLane(spec, name, kind))} />
    </SidePanel>
  )
}

function ItemList(props: {
  title: string
  items: { id: string; name: string }[]
  moveLabels: [string, string]
  onRename: (id: string, name: string) => void
  onMove: (id: string, by: -1 | 1) => void
  onRemove: (id: string) => void
}) {
  return (
    <section className="mb-2">
      <h3 className="mt-2 mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{props.title}</h3>
      <ol className="space-y-1">
        {props.items.map((item, i) => (
          <li key={item.id} className="flex items-center gap-1" data-testid={`grid-item-${item.id}`}>
            <input
              aria-label={`${props.title} ${i + 1} name`}
              defaultValue={item.name}
              key={item.name}
              className="min-w-0 flex-1 rounded border border-slate-200 px-2 py-1"
              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              onBlur={(e) => {
                const name = e.target.value.trim()
                if (name && name !== item.name) props.onRename(item.id, name)
              }}
            />
            <IconButton label={props.moveLabels[0]} disabled={i === 0} onClick={() => props.onMove(item.id, -1)} text={props.title === 'Stages' ? '←' : '↑'} />
            <IconButton label={props.moveLabels[1]} disabled={i === props.items.length - 1} onClick={() => props.onMove(item.id, 1)} text={props.title === 'Stages' ? '→' : '↓'} />
            <IconButton label={`Remove ${item.name}`} disabled={props.items.length === 1} onClick={() => props.onRemove(item.id)} text="✕" />
          </li>
        ))}
      </ol>
    </section>
  )
}

function IconButton({ label, text, disabled, onClick }: { label: string; text: string; disabled?: boolean; onClick: () => void }) {
  return (
    <button aria-label={label} title={label} disabled={disabled} onClick={onClick} className="h-7 w-7 rounded text-slate-600 hover:bg-slate-100 disabled:opacity-30">
      {text}
    </button>
  )
}

function AddItem({ label, withKind, onAdd }: { label: string; withKind?: boolean; onAdd: (name: string, kind: LaneKind) => void }) {
  const [name, setName] = useState('')
  const [kind, setKind] = useState<LaneKind>('custom')
  return (
    <form
      className="mb-3 flex gap-1"
      onSubmit={(e) => {
        e.preventDefault()
        if (!name.trim()) return
        onAdd(name.trim(), kind)
        setName('')
      }}
    >
      <input aria-label={`${label} name`} value={name} onChange={(e) => setName(e.target.value)} placeholder={`${label}…`} className="min-w-0 flex-1 rounded border border-slate-200 px-2 py-1" />
      {withKind && (
        <select aria-label="Lane kind" value={kind} onChange={(e) => setKind(e.target.value as LaneKind)} className="rounded border border-slate-200 px-1">
          {LANE_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      )}
      <button type="submit" className="rounded bg-slate-800 px-2 text-white disabled:opacity-40" disabled={!name.trim()}>
        {label}
      </button>
    </form>
  )
}
