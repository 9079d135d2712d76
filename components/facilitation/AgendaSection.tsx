'use client'
import { useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { applySessionChange, type Phase, PhaseSchema, type Session } from '../../lib/collab/session'
import { buildAgendaAdd, buildAgendaRemove, buildPhaseStart } from '../../lib/collab/sessionAgenda'
import { getLaneBands } from '../../lib/collab/sessionLocks'
import type { TemplateLane } from '../../lib/templates/journeyTemplates'
import type { BoardRecord } from '../../lib/tldraw/records'
import { panelStyles as s } from './panelStyles'

interface Props {
  editor: Editor
  doc: Y.Doc
  session: Session
  lanes: TemplateLane[]
  /** Server time now, ms (the timer runs on the server's clock). */
  getNow: () => number
}

const NEW_PHASE: Omit<Phase, 'id'> = { title: '', minutes: 5, privateWriting: false, laneId: null, voteBudget: null }

/** One line describing a phase, as the facilitator typed it: "Write pains · 5 min · private · Pain points". */
function describePhase(p: Phase, lanes: TemplateLane[]): string {
  const lane = p.laneId ? lanes.find((l) => l.id === p.laneId)?.name ?? p.laneId : null
  return [p.title, `${p.minutes} min`, p.privateWriting && 'private', lane, p.voteBudget && `vote ${p.voteBudget}`].filter(Boolean).join(' · ')
}

/**
 * The agenda: the facilitator lists phases and starts one, which sets the timer, private writing,
 * the lane lock and the vote in one transaction (see buildPhaseStart), so participants never see a
 * half-started phase.
 */
export function AgendaSection({ editor, doc, session, lanes, getNow }: Props) {
  const [draft, setDraft] = useState(NEW_PHASE)
  const [invalid, setInvalid] = useState(false)

  function startPhase(p: Phase) {
    const laneBands = getLaneBands(editor.getCurrentPageShapes() as unknown as BoardRecord[])
    const start = buildPhaseStart(p, session, { now: getNow(), voteId: `vote-${Date.now().toString(36)}`, laneBands })
    // A vote this phase ends is closed like any other: the server writes its tallies into the notes.
    applySessionChange(doc, start)
  }

  return (
    <section className={s.section} data-testid="agenda">
      <h3 className={s.h3}>Agenda</h3>
      <ol className="space-y-1">
        {session.agenda.map((p) => (
          <li key={p.id} className={`flex items-center gap-1 ${session.activePhaseId === p.id ? 'font-semibold' : ''}`} aria-current={session.activePhaseId === p.id ? 'step' : undefined}>
            <span className="flex-1 truncate" title={describePhase(p, lanes)}>
              {describePhase(p, lanes)}
            </span>
            <button className={s.btn} aria-label={`Start ${p.title}`} onClick={() => startPhase(p)}>
              Start
            </button>
            <button className={s.btn} aria-label={`Remove ${p.title}`} onClick={() => applySessionChange(doc, buildAgendaRemove(session.agenda, p.id))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <form
        className="mt-2 grid grid-cols-[1fr_auto_auto] items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault()
          const parsed = PhaseSchema.safeParse({ ...draft, title: draft.title.trim(), id: `phase-${Date.now().toString(36)}` })
          // Readers drop phases that do not match the schema, so a bad one is not written at all.
          setInvalid(!parsed.success)
          if (!parsed.success) return
          applySessionChange(doc, buildAgendaAdd(session.agenda, parsed.data))
          setDraft({ ...draft, title: '' })
        }}
      >
        <label className="flex min-w-0 items-center gap-1 text-xs">
          Phase
          <input aria-label="Phase title" placeholder="e.g. Write pains" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} className="min-w-0 rounded border px-1" />
        </label>
        <label className="text-xs whitespace-nowrap">
          <input aria-label="Phase minutes" type="number" min={0.5} max={240} step={0.5} value={draft.minutes} onChange={(e) => setDraft({ ...draft, minutes: Number(e.target.value) })} className="mr-1 w-12 rounded border px-1" />
          min
        </label>
        <label className="text-xs whitespace-nowrap">
          <input type="checkbox" checked={draft.privateWriting} onChange={(e) => setDraft({ ...draft, privateWriting: e.target.checked })} className="mr-1" />
          private
        </label>
        <label className="flex min-w-0 items-center gap-1 text-xs">
          Lane
          <select aria-label="Phase lane" value={draft.laneId ?? ''} onChange={(e) => setDraft({ ...draft, laneId: e.target.value || null })} className="min-w-0 rounded border px-1">
          <option value="">All lanes</option>
          {lanes.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs whitespace-nowrap">
          <input
            aria-label="Phase vote budget"
            placeholder="none"
            type="number"
            min={1}
            max={50}
            value={draft.voteBudget ?? ''}
            onChange={(e) => setDraft({ ...draft, voteBudget: e.target.value ? Number(e.target.value) : null })}
            className="w-14 rounded border px-1 text-xs"
          />
          votes
        </label>
        <button className={s.primary} type="submit">
          Add phase
        </button>
      </form>
      {invalid && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          A phase needs a title, 0.5–240 minutes and, if any, 1–50 votes.
        </p>
      )}
    </section>
  )
}
