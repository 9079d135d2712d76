'use client'
import { useEffect, useState } from 'react'
import { useEditor } from 'tldraw'
import { buildJourney } from '../../lib/journey/buildJourney'
import { checkCoverage } from '../../lib/journey/checkCoverage'
import { JOURNEY_FORMATS } from '../../lib/api/boardApi'
import type { Version } from '../../lib/api/versionApi'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import type { BoardRecord } from '../../lib/tldraw/records'
import { getJourney, getJourneyExportUrl, listVersions } from '../api/apiClient'
import { EmotionCurveChart } from './EmotionCurveChart'
import { downloadBoardImage, type ImageFormat } from './downloadBoardImage'

/** How long the preview waits after the last edit before it is rebuilt. */
const PREVIEW_DEBOUNCE_MS = 250

type Tab = 'table' | 'coverage' | 'curve'

/** What to export: 'live' (the board now), 'agreed' (its latest agreed version) or a version id. */
export type ExportVersion = string

interface Props {
  boardId: string
  title: string
  /** The picked version; the panel's picker and "Preview" elsewhere change it. */
  version: ExportVersion
  onVersionChange: (version: ExportVersion) => void
  onClose: () => void
}

/**
 * The lead's export panel. The lead picks what to export: the live board, the latest agreed
 * version, or a version from the list; the preview (table, coverage checklist, emotion curve) and
 * the JSON, CSV and Markdown downloads are of that version (`?version=live|agreed|<id>`). The live
 * preview is built from the editor as people type; a version's comes from the server. Structured
 * files come from the server's persisted copy; images from tldraw's exporter, of the live board
 * only (a version is not on the canvas).
 */
export function JourneyPanel({ boardId, title, version, onVersionChange, onClose }: Props) {
  const editor = useEditor()
  const [liveJourney, setLiveJourney] = useState<JourneyMap>()
  const [versionJourney, setVersionJourney] = useState<{ version: ExportVersion; journey?: JourneyMap; error?: string }>()
  const [versions, setVersions] = useState<Version[]>()
  const [tab, setTab] = useState<Tab>('table')
  const [busy, setBusy] = useState<ImageFormat>()
  const isLive = version === 'live'

  useEffect(() => {
    let cancelled = false
    void listVersions(boardId)
      .then((answer) => !cancelled && setVersions(answer.ok ? answer.data.versions : []))
      .catch(() => !cancelled && setVersions([]))
    return () => {
      cancelled = true
    }
  }, [boardId, version])

  useEffect(() => {
    if (version === 'live') return
    let cancelled = false
    setVersionJourney({ version })
    void (async () => {
      const answer = await getJourney(boardId, version)
      if (cancelled) return
      setVersionJourney(answer.ok ? { version, journey: answer.data } : { version, error: answer.error ?? `Could not load this version (${answer.status}).` })
    })().catch(() => !cancelled && setVersionJourney({ version, error: 'Could not load this version.' }))
    return () => {
      cancelled = true
    }
  }, [boardId, version])

  useEffect(() => {
    const rebuild = () =>
      setLiveJourney(
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

  const journey = isLive ? liveJourney : versionJourney?.version === version ? versionJourney.journey : undefined
  const loadError = !isLive && versionJourney?.version === version ? versionJourney.error : undefined
  const picked = versions?.find((v) => v.id === version)
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
        <label htmlFor="export-version" className="text-slate-500">
          Version
        </label>
        <select
          id="export-version"
          value={version}
          onChange={(e) => onVersionChange(e.target.value)}
          className="max-w-[22rem] min-w-0 rounded border px-1 py-1"
          data-testid="export-version"
        >
          <option value="live">Live board</option>
          <option value="agreed" disabled={versions !== undefined && versions.length === 0}>
            Latest agreed{versions?.[0] ? ` (${versions[0].label})` : versions ? ' (none yet)' : ''}
          </option>
          {versions?.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label} · {new Date(v.createdAt).toLocaleString()}
            </option>
          ))}
          {/* A version picked before the list has loaded still shows as picked. */}
          {!isLive && version !== 'agreed' && !picked && <option value={version}>Version {version.slice(0, 8)}</option>}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-2 border-b px-4 py-2">
        <span className="text-slate-500">Download</span>
        {JOURNEY_FORMATS.map((format) => (
          <a
            key={format}
            href={getJourneyExportUrl(boardId, format, version)}
            download
            className="rounded border px-2 py-1 hover:bg-slate-50"
            data-testid={`download-${format}`}
          >
            {format.toUpperCase()}
          </a>
        ))}
        {(['png', 'svg', 'pdf'] as const).map((format) => (
          <button
            key={format}
            onClick={() => void exportImage(format)}
            disabled={!!busy || !isLive}
            title={isLive ? undefined : 'Images show the live board: pick "Live board" to export one.'}
            className="rounded border px-2 py-1 hover:bg-slate-50 disabled:opacity-50"
            data-testid={`download-${format}`}
          >
            {busy === format ? '…' : format.toUpperCase()}
          </button>
        ))}
      </div>
      {!isLive && (
        <p className="border-b bg-amber-50 px-4 py-1.5 text-xs text-amber-900" data-testid="export-version-note">
          {journey?.meta.agreedVersion ? `Showing the agreed version “${journey.meta.agreedVersion}”, not the live board.` : 'Showing an agreed version, not the live board.'} Images
          show the live board only.
        </p>
      )}
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
        {loadError ? (
          <p className="p-4 text-red-700" role="alert">
            {loadError}
          </p>
        ) : !journey ? (
          <p className="p-4 text-slate-500">{isLive ? 'Reading the board…' : 'Loading the version…'}</p>
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
                      {n.kind !== 'note' && <span className="ml-1 text-slate-400">({n.kind})</span>}
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
