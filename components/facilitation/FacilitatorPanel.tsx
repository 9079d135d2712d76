'use client'
import { useCallback, useEffect, useState } from 'react'
import { useEditor } from 'tldraw'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import {
  applySessionChange,
  buildFollowMe,
  buildPrivateWritingReveal,
  buildPrivateWritingStart,
  buildShowAuthors,
  type Session,
  type SessionChange,
  type VoteScope,
} from '../../lib/collab/session'
import {
  buildBoardLock,
  buildRegionLock,
  buildRegionsUnlockAll,
  buildRegionUnlock,
  getLaneBands,
  isSameRect,
  toLaneLockRegion,
} from '../../lib/collab/sessionLocks'
import { buildTimerExtend, buildTimerPause, buildTimerResume, buildTimerStart, buildTimerStop, getRemainingMs } from '../../lib/collab/sessionTimer'
import { buildVoteClose, buildVoteOpen, tallyVotes } from '../../lib/collab/sessionVotes'
import { readGridSpec } from '../../lib/templates/gridOps'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { Version } from '../../lib/api/versionApi'
import { createVersion, listVersions, restoreVersion, type ApiAnswer } from '../api/apiClient'
import { SidePanel } from '../ui/SidePanel'
import { AgendaSection } from './AgendaSection'
import { panelStyles } from './panelStyles'
import { useHeldNotesOfOthers } from './useHeldPrivateNotes'
import { formatDuration, useServerNow } from './useServerClock'

interface Props {
  boardId: string
  doc: Y.Doc
  session: Session
  clockOffset: number
  me: { presenceUserId: string; name: string }
  canFacilitate: boolean
  /** Everyone's presence: participants report notes they hold back because of a lock. */
  awareness?: WebsocketProvider['awareness']
  onClose: () => void
  /** Shows an agreed version in the Export panel (its preview and downloads). */
  onPreviewVersion: (versionId: string) => void
}

const { section, h3, btn, primary } = panelStyles

/**
 * The facilitator's controls (timer, private writing, voting, locks, follow-me, authorship, agenda)
 * and, for leads too, agreed versions. Every change is built by lib/collab/session.ts and written to
 * the session map, which the server accepts from facilitators only.
 */
export function FacilitatorPanel({ boardId, doc, session, clockOffset, me, canFacilitate, awareness, onClose, onPreviewVersion }: Props) {
  const editor = useEditor()
  const now = useServerNow(clockOffset, 500)
  const [minutes, setMinutes] = useState('5')
  const [budget, setBudget] = useState('3')
  const [scope, setScope] = useState('board')
  const [hideVotes, setHideVotes] = useState(false)
  const [anonymous, setAnonymous] = useState(false)
  const [label, setLabel] = useState('')
  const [versions, setVersions] = useState<Version[]>([])
  const [message, setMessage] = useState<string>()
  const [lockLaneId, setLockLaneId] = useState('')
  const held = useHeldNotesOfOthers(awareness)
  const grid = readGridSpec(editor.getCurrentPageShapes() as unknown as BoardRecord[])
  const apply = (change: SessionChange) => applySessionChange(doc, change)

  const loadVersions = useCallback(async () => {
    const answer = await listVersions(boardId)
    if (answer.ok) setVersions(answer.data.versions)
  }, [boardId])
  useEffect(() => void loadVersions(), [loadVersions])

  const timer = session.timer
  const remaining = getRemainingMs(timer, now)
  const startTimer = (ms: number) => apply(buildTimerStart(now, ms))

  function startPrivate() {
    apply(buildPrivateWritingStart(session.privateWriting, anonymous))
  }
  function reveal() {
    apply(buildPrivateWritingReveal(session.privateWriting, anonymous))
  }
  function openVote(b: number, s: VoteScope) {
    apply(buildVoteOpen({ id: `vote-${Date.now().toString(36)}`, budget: b, scope: s, hideUntilClosed: hideVotes }))
  }
  function closeVote() {
    const vote = session.vote
    if (!vote) return
    // The server writes the tallies into the notes (it alone can read the dots of a hidden vote).
    apply(buildVoteClose(vote))
  }
  // Lock one lane (its band across the page, as an agenda phase locks the other lanes), or unlock it.
  const laneId = lockLaneId || grid.lanes[0]?.id
  const laneBand = getLaneBands(editor.getCurrentPageShapes() as unknown as BoardRecord[]).find((b) => b.laneId === laneId)
  const laneRegion = laneBand && toLaneLockRegion(laneBand)
  const laneLocked = !!laneRegion && session.lock.regions.some((r) => isSameRect(r, laneRegion))
  function toggleLaneLock() {
    if (!laneRegion) return
    apply(laneLocked ? buildRegionUnlock(session.lock, laneRegion) : buildRegionLock(session.lock, laneRegion))
  }

  const scopeOf = (value: string): VoteScope =>
    value.startsWith('stage:') ? { kind: 'stage', stageId: value.slice(6) } : value.startsWith('lane:') ? { kind: 'lane', laneId: value.slice(5) } : { kind: 'board' }

  async function markAgreed() {
    const answer = await createVersion(boardId, { label })
    setMessage(answer.ok ? `Saved “${label}” as agreed.` : `Could not save the version. ${describeFailure(answer)}`)
    if (answer.ok) setLabel('')
    await loadVersions()
  }
  async function restore(v: Version) {
    if (!window.confirm(`Restore “${v.label}”? It becomes a new edit everyone sees; the current state stays in history.`)) return
    const answer = await restoreVersion(boardId, v.id)
    setMessage(answer.ok ? `Restored “${v.label}”.` : `Could not restore. ${describeFailure(answer)}`)
  }

  const top = session.vote ? [...tallyVotes(session.votes, session.vote.id)].sort((a, b) => b[1] - a[1]).slice(0, 5) : []
  const noteText = (id: string) => {
    const shape = editor.getShape(id as never) as { props?: { richText?: unknown } } | undefined
    return shape ? editor.getShapeUtil('note').getText?.(shape as never) ?? id : id
  }

  return (
    <SidePanel title={canFacilitate ? 'Facilitation' : 'Agreed versions'} closeLabel="Close facilitation panel" onClose={onClose} testId="facilitator-panel">
      {message && <p className="mb-2 rounded bg-green-50 p-2 text-green-800" role="status">{message}</p>}
      {canFacilitate && (
        <>
          <section>
            <h3 className={h3}>Timer {timer.state !== 'stopped' && <span className="ml-1 font-mono text-slate-800 normal-case">{formatDuration(remaining)}</span>}</h3>
            <div className="flex flex-wrap gap-1">
              <label className="flex items-center gap-1 text-xs">
                Minutes
                <input aria-label="Timer minutes" type="number" min={0.5} step={0.5} value={minutes} onChange={(e) => setMinutes(e.target.value)} className="w-16 rounded border px-1" />
              </label>
              <button className={primary} onClick={() => startTimer(Number(minutes) * 60_000)}>
                Start timer
              </button>
              {timer.state === 'running' && <button className={btn} onClick={() => apply(buildTimerPause(timer, now))}>Pause</button>}
              {timer.state === 'paused' && <button className={btn} onClick={() => apply(buildTimerResume(timer, now))}>Resume</button>}
              {timer.state !== 'stopped' && (
                <>
                  <button className={btn} onClick={() => apply(buildTimerExtend(timer, now, 60_000))}>+1 min</button>
                  <button className={btn} onClick={() => apply(buildTimerStop())}>Stop</button>
                </>
              )}
            </div>
          </section>

          <section className={section}>
            <h3 className={h3}>Private writing {session.privateWriting.on && <span className="text-violet-700 normal-case">on</span>}</h3>
            <label className="mr-2 text-xs">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} className="mr-1" />
              Anonymise on reveal
            </label>
            {session.privateWriting.on ? (
              <button className={primary} onClick={reveal}>Reveal notes</button>
            ) : (
              <button className={primary} onClick={startPrivate}>Start private writing</button>
            )}
            {held.length > 0 && (
              <p className="mt-2 rounded bg-violet-50 p-2 text-xs text-violet-900" data-testid="held-notes">
                Revealed notes waiting in locked areas: {held.map((h) => `${h.name} (${h.count})`).join(', ')}. They stay on their writers&apos; devices and are
                shared when you unlock.
              </p>
            )}
          </section>

          <section className={section}>
            <h3 className={h3}>Dot voting {session.vote?.open && <span className="text-blue-700 normal-case">open</span>}</h3>
            {session.vote?.open ? (
              <button className={primary} onClick={closeVote}>Close vote</button>
            ) : (
              <div className="flex flex-wrap items-center gap-1">
                <label className="flex items-center gap-1 text-xs">
                  Votes per person
                  <input type="number" min={1} max={50} value={budget} onChange={(e) => setBudget(e.target.value)} className="w-14 rounded border px-1" />
                </label>
                <label className="flex items-center gap-1 text-xs">
                  Scope
                  <select aria-label="Vote scope" value={scope} onChange={(e) => setScope(e.target.value)} className="rounded border px-1">
                  <option value="board">Whole board</option>
                  {grid.stages.map((s) => <option key={s.id} value={`stage:${s.id}`}>Stage: {s.name}</option>)}
                  {grid.lanes.map((l) => <option key={l.id} value={`lane:${l.id}`}>Lane: {l.name}</option>)}
                  </select>
                </label>
                <label className="text-xs">
                  <input type="checkbox" checked={hideVotes} onChange={(e) => setHideVotes(e.target.checked)} className="mr-1" />
                  Hide until closed
                </label>
                <button className={primary} onClick={() => openVote(Number(budget), scopeOf(scope))}>Open vote</button>
              </div>
            )}
            {top.length > 0 && (
              <ol className="mt-2 list-decimal pl-5 text-xs" data-testid="top-voted">
                {top.map(([id, n]) => (
                  <li key={id}>
                    {String(noteText(id)).slice(0, 60)} — {n}●
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className={section}>
            <h3 className={h3}>Locks and view</h3>
            <div className="flex flex-wrap gap-1">
              <button className={btn} aria-pressed={session.lock.board} onClick={() => apply(buildBoardLock(session.lock, !session.lock.board))}>
                {session.lock.board ? 'Unlock board' : 'Lock board'}
              </button>
              <button
                className={btn}
                disabled={editor.getSelectedShapeIds().length === 0}
                onClick={() => {
                  const b = editor.getSelectionPageBounds()
                  if (b) apply(buildRegionLock(session.lock, b))
                }}
              >
                Lock selected area
              </button>
              <label className="flex items-center gap-1 text-xs">
                Lane
                <select aria-label="Lane to lock" value={laneId ?? ''} onChange={(e) => setLockLaneId(e.target.value)} className="max-w-36 rounded border px-1">
                  {grid.lanes.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                </select>
              </label>
              <button className={btn} aria-pressed={laneLocked} disabled={!laneRegion} onClick={toggleLaneLock}>
                {laneLocked ? 'Unlock lane' : 'Lock lane'}
              </button>
              {session.lock.regions.length > 0 && <button className={btn} onClick={() => apply(buildRegionsUnlockAll(session.lock))}>Unlock areas ({session.lock.regions.length})</button>}
              <button className={btn} onClick={() => apply(buildFollowMe(session.followMe ? null : { userId: me.presenceUserId, name: me.name }))}>
                {session.followMe ? 'Release everyone' : 'Bring everyone here'}
              </button>
              <button className={btn} onClick={() => apply(buildShowAuthors(!session.showAuthors))}>
                {session.showAuthors ? 'Hide authors' : 'Show authors'}
              </button>
            </div>
          </section>

          <AgendaSection editor={editor} doc={doc} session={session} lanes={grid.lanes} getNow={() => Date.now() + clockOffset} />
        </>
      )}

      <section className={canFacilitate ? section : ''}>
        <h3 className={h3}>Agreed versions</h3>
        <div className="flex items-center gap-1">
          <label className="flex min-w-0 flex-1 items-center gap-1 text-xs">
            Label
            <input aria-label="Version label" placeholder="e.g. Agreed after workshop 1" value={label} onChange={(e) => setLabel(e.target.value)} className="min-w-0 flex-1 rounded border px-1" />
          </label>
          <button className={primary} disabled={!label.trim()} onClick={() => void markAgreed()}>Mark agreed</button>
        </div>
        <ul className="mt-2 space-y-1" data-testid="version-list">
          {versions.map((v) => (
            <li key={v.id} className="flex items-center gap-1 text-xs">
              <span className="flex-1 truncate">{v.label} · {new Date(v.createdAt).toLocaleString()}</span>
              <button className="text-blue-700" onClick={() => onPreviewVersion(v.id)}>Preview</button>
              {canFacilitate && <button className="text-blue-700" onClick={() => void restore(v)}>Restore</button>}
            </li>
          ))}
        </ul>
      </section>
    </SidePanel>
  )
}

/** The server's explanation of a failed request (its `reason`, else `error`), for the panel's message. */
function describeFailure(answer: ApiAnswer<unknown>): string {
  return answer.ok ? '' : answer.reason ?? answer.error ?? `(${answer.status})`
}
