'use client'
import { useEffect, useState } from 'react'
import { useEditor } from 'tldraw'
import { buildJourney } from '../../lib/journey/buildJourney'
import { checkCoverage } from '../../lib/journey/checkCoverage'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import type { BoardRecord } from '../../lib/tldraw/records'
import { EmotionCurveChart } from './EmotionCurveChart'
import { downloadBoardImage, type ImageFormat } from './downloadBoardImage'

/** How long the preview waits after the last edit before it is rebuilt. */
const PREVIEW_DEBOUNCE_MS = 250

type Tab = 'table' | 'coverage' | 'curve'

/**
 * The lead's export panel: a live preview of the structured journey (table, coverage checklist,
 * emotion curve) and downloads. Structured files come from the server's persisted copy; images from
 * tldraw's exporter.
 */
export function JourneyPanel({ boardId, title, onClose }: { boardId: string; title: string; onClose: () => void }) {
  const editor = useEditor()
  const [journey, setJourney] = useState<JourneyMap>()
  const [tab, setTab] = useState<Tab>('table')
  const [busy, setBusy] = useState<ImageFormat>()

  useEffect(() => {
    const rebuild = () =>
      setJourney(
        buildJourney(editor.store.allRecords() as unknown as BoardRecord[], { boardId, title, exportedAt: new Date().toISOString() }),
      )
    rebuild()
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = editor.store.listen(() => {
      clearTimeout(timer)
      timer = setTimeout(rebuild, PREVIEW_DEBOUNCE_MS)
    }, { scope: 'document' })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [editor, boardId, title])

  const findings = journey ? checkCoverage(journey) : []
  const baseName = (journey?.title || 'journey').replace(/[^\w-]+/g, '-')
  const exportImage = async (format: ImageFormat) => {
    setBusy(format)
    try {
      await downloadBoardImage(editor, format, baseName)
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <aside
      className="pointer-events-auto absolute top-14 left-2 bottom-20 z-[300] flex w-[min(720px,calc(100vw-1rem))] flex-col rounded-lg bg-white text-sm shadow-xl"
      style={{ fontFamily: 'system-ui, sans-serif' }}
      data-testid="journey-panel"
      aria-label="Export journey"
    >
      <header className="flex items-center justify-between border-b px-4 py-2">
        <h2 className="font-semibold">Journey export</h2>
        <button onClick={onClose} aria-label="Close export panel" className="rounded px-2 text-slate-500 hover:bg-slate-100">
          ✕
        </button>
      </header>
      <div className="flex flex-wrap items-center gap-2 border-b px-4 py-2">
        <span className="text-slate-500">Download</span>
        {(['json', 'csv', 'md'] as const).map((format) => (
          <a key={format} href={`/api/boards/${boardId}/journey?format=${format}`} download className="rounded border px-2 py-1 hover:bg-slate-50" data-testid={`download-${format}`}>
            {format.toUpperCase()}
          </a>
        ))}
        {(['png', 'svg', 'pdf'] as const).map((format) => (
          <button key={format} onClick={() => void exportImage(format)} disabled={!!busy} className="rounded border px-2 py-1 hover:bg-slate-50 disabled:opacity-50" data-testid={`download-${format}`}>
            {busy === format ? '…' : format.toUpperCase()}
          </button>
        ))}
      </div>
      <nav className="flex gap-1 px-4 pt-2" role="tablist">
        {(
          [
            ['table', 'Map'],
            ['coverage', `Checklist (${findings.length})`],
            ['curve', 'Emotion curve'],
          ] as const
        ).map(([id, label]) => (
          <button key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)} className={`rounded-t px-3 py-1.5 ${tab === id ? 'bg-slate-100 font-medium' : 'text-slate-500'}`}>
            {label}
          </button>
        ))}
      </nav>
      <div className="min-h-0 flex-1 overflow-auto px-4 pb-4">
        {!journey ? (
          <p className="p-4 text-slate-500">Reading the board…</p>
        ) : tab === 'table' ? (
          <JourneyTable journey={journey} />
        ) : tab === 'coverage' ? (
          <CoverageList findings={findings} />
        ) : (
          <div className="pt-3">
            <EmotionCurveChart journey={journey} />
            <p className="mt-2 text-xs text-slate-500">Scored from notes in the Emotions lane that start with 😀 🙂 😐 🙁 😡 or +2 … −2.</p>
          </div>
        )}
      </div>
    </aside>
  )
}

function JourneyTable({ journey }: { journey: JourneyMap }) {
  const cell = (stageId: string, laneId: string) => journey.cells.find((c) => c.stageId === stageId && c.laneId === laneId)
  return (
    <table className="mt-2 w-full border-collapse text-xs" data-testid="journey-table">
      <thead>
        <tr>
          <th className="sticky top-0 bg-white" />
          {journey.stages.map((s) => (
            <th key={s.id} className="sticky top-0 border-b bg-white p-1 text-left font-semibold">
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {journey.lanes.map((l) => (
          <tr key={l.id} className="align-top">
            <th className="border-b p-1 text-left font-medium text-slate-600">{l.name}</th>
            {journey.stages.map((s) => (
              <td key={s.id} className="border-b border-l p-1" data-testid={`journey-cell-${s.id}-${l.id}`}>
                <ul className="space-y-1">
                  {cell(s.id, l.id)?.notes.map((n) => (
                    <li key={n.id} className="rounded bg-yellow-50 px-1 py-0.5 whitespace-pre-wrap" title={n.author ? `by ${n.author}` : undefined}>
                      {n.text || <em className="text-slate-400">(empty)</em>}
                      {n.votes > 0 && <span className="ml-1 rounded bg-blue-100 px-1 text-blue-800">{n.votes}●</span>}
                    </li>
                  ))}
                </ul>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {journey.unplaced.length > 0 && (
        <tfoot>
          <tr>
            <td colSpan={journey.stages.length + 1} className="p-1 text-slate-600">
              Outside the grid: {journey.unplaced.map((u) => u.note.text || '(empty)').join(' · ')}
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}

function CoverageList({ findings }: { findings: ReturnType<typeof checkCoverage> }) {
  if (findings.length === 0) return <p className="p-4 text-green-700">Every cell is covered. Ready to close this phase.</p>
  return (
    <ul className="mt-2 space-y-1" data-testid="coverage-list">
      {findings.map((f, i) => (
        <li key={i} className="flex gap-2">
          <input type="checkbox" aria-label={f.message} className="mt-0.5" />
          <span>{f.message}</span>
        </li>
      ))}
    </ul>
  )
}
