'use client'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import { getShapeLock, LOCK_REFUSAL_MESSAGES } from '../../lib/collab/getLockRefusal'
import type { Session } from '../../lib/collab/session'
import type { JourneyMap, JourneyNote } from '../../lib/journey/journeySchema'
import type { DotVoting } from '../facilitation/useDotVoting'
import { getCellBox, addNoteInCell, deleteNote, editNoteText, isEditableNote, moveNoteToCell, type CellRef } from './tableWrites'
import type { NoteActions } from './TableNote'
import { TableCell } from './TableCell'
import { useNewNoteAnnouncements } from './useNewNoteAnnouncements'
import { useSessionAnnouncements } from './useSessionAnnouncements'
import { useNarrowScreen } from './useNarrowScreen'
import { StagePicker, useSwipe } from './StagePicker'

interface Props {
  editor: Editor
  journey: JourneyMap
  session: Session | undefined
  clockOffset: number
  voting: DotVoting | undefined
  canEdit: boolean
  /** This person's user id, as notes' `authorId` names them: their own new notes are not announced. */
  userId: string
  /** Whether the facilitator's locks apply to this person (participants and leads; not facilitators). */
  limited: boolean
  /** The top bar: title, timer, vote budget, status and the way back to the canvas. */
  header: ReactNode
}

const cellKey = (stageId: string, laneId: string) => JSON.stringify([stageId, laneId])

/**
 * The board as an HTML table, a second view of the same live records: stages are the columns and
 * lanes the rows, each cell lists its notes, with the persona and goal cards above. Everything works
 * by keyboard (arrow keys between cells, Enter for a new note, buttons for edit, move, delete and
 * dots) and reads out as a table with stage and lane headers; a live region tells of new notes in
 * the focused cell and of the session (timer, reveal, votes).
 */
export function JourneyTable({ editor, journey, session, clockOffset, voting, canEdit, userId, limited, header }: Props) {
  const [active, setActive] = useState<{ stage: number; lane: number }>({ stage: 0, lane: 0 })
  const cells = useRef(new Map<string, HTMLTableCellElement>())
  const { stages: allStages, lanes } = journey
  // On a phone, one stage at a time with its lanes (picked above the table, or by a swipe).
  const narrow = useNarrowScreen()
  const [shownStage, setShownStage] = useState(0)
  const stageShown = clamp(shownStage, allStages.length)
  const stages = narrow ? allStages.slice(stageShown, stageShown + 1) : allStages
  // A cell to focus once the stage it is in is shown (arrow keys past the shown stage on a phone).
  const focusAfterRender = useRef<string | undefined>(undefined)
  useEffect(() => {
    const key = focusAfterRender.current
    focusAfterRender.current = undefined
    if (key) cells.current.get(key)?.focus()
  })
  const swipe = useSwipe((step) => setShownStage(clamp(stageShown + step, allStages.length)))
  const notesByCell = useMemo(() => new Map(journey.cells.map((c) => [cellKey(c.stageId, c.laneId), c.notes])), [journey.cells])
  const activeStage = stages[Math.min(active.stage, stages.length - 1)]
  const activeLane = lanes[Math.min(active.lane, lanes.length - 1)]
  const focusedNotes = activeStage && activeLane ? (notesByCell.get(cellKey(activeStage.id, activeLane.id)) ?? []) : []
  const newNotes = useNewNoteAnnouncements(activeStage && activeLane ? `${activeStage.name}, ${activeLane.name}` : '', focusedNotes, editor, userId)
  const sessionNews = useSessionAnnouncements(session, clockOffset)

  const moveTargets = useMemo(
    () => allStages.flatMap((s) => lanes.map((l): [string, string] => [cellKey(s.id, l.id), `${s.name || 'Untitled stage'} × ${l.name || 'Untitled lane'}`])),
    [allStages, lanes],
  )
  const cellOf = (key: string): CellRef | undefined => {
    const [stageId, laneId] = JSON.parse(key) as [string, string]
    const stage = allStages.find((s) => s.id === stageId)
    const lane = lanes.find((l) => l.id === laneId)
    return stage && lane ? { stage, lane } : undefined
  }
  const lockOf = (shape: object, centre: { x: number; y: number }) => {
    if (!limited || !session) return undefined
    const reason = getShapeLock({ shape, centre }, session.lock)
    return reason && LOCK_REFUSAL_MESSAGES[reason]
  }
  const cellLock = (cell: CellRef) => {
    const box = getCellBox(cell)
    return lockOf({}, { x: box.x + box.w / 2, y: box.y + box.h / 2 })
  }

  const actionsFor = (cell: CellRef) => (note: JourneyNote): NoteActions => {
    const shape = editor.getShape(note.id as TLShapeId)
    const bounds = editor.getShapePageBounds(note.id as TLShapeId)
    const locked = shape && bounds ? lockOf(shape, { x: bounds.midX, y: bounds.midY }) : undefined
    const vote = voting?.vote
    const inScope = vote && (vote.scope.kind === 'board' || (vote.scope.kind === 'stage' ? vote.scope.stageId === cell.stage.id : vote.scope.laneId === cell.lane.id))
    const mine = voting ? voting.mine.filter(([, id]) => id === note.id).length : 0
    const here = cellKey(cell.stage.id, cell.lane.id)
    return {
      canChange: canEdit && !locked,
      canEditText: isEditableNote(editor, note.id),
      onEdit: (text) => editNoteText(editor, note.id, text),
      onDelete: () => deleteNote(editor, note.id),
      moveTargets: moveTargets.filter(([key]) => key !== here && !cellReadOnlyByKey(key)),
      onMove: (key) => {
        const target = cellOf(key)
        if (target) moveNoteToCell(editor, journey, note.id, target)
      },
      votes: voting?.vote ? (voting.showTally ? (voting.tally.get(note.id) ?? 0) : mine) : undefined,
      dots: voting && inScope && voting.canPlace && note.kind === 'note' ? { mine, noDotsLeft: voting.noDotsLeft, onAdd: () => voting.addDot(note.id), onRemove: () => voting.removeDot(note.id) } : undefined,
      isPrivate: shape?.meta.jbPrivate === true,
    }
  }
  const cellReadOnlyByKey = (key: string) => {
    const cell = cellOf(key)
    return !cell || !!cellLock(cell)
  }

  const onArrow = (event: KeyboardEvent<HTMLTableCellElement>, stage: number, lane: number) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1], Home: [-stage, 0], End: [stages.length, 0] }
    const move = moves[event.key]
    if (!move) return
    event.preventDefault()
    if (narrow && move[0] !== 0) {
      const next = clamp(stageShown + Math.sign(move[0]), allStages.length)
      setShownStage(next)
      focusAfterRender.current = cellKey(allStages[next]!.id, lanes[lane]!.id)
      setActive({ stage: 0, lane })
      return
    }
    const next = { stage: clamp(stage + move[0], stages.length), lane: clamp(lane + move[1], lanes.length) }
    setActive(next)
    cells.current.get(cellKey(stages[next.stage]!.id, lanes[next.lane]!.id))?.focus()
  }

  return (
    <div className="fixed inset-0 z-[600] flex flex-col bg-white" style={{ fontFamily: 'system-ui, sans-serif' }} data-testid="journey-table-view">
      {header}
      <main className="min-h-0 flex-1 overflow-auto p-3" {...(narrow ? swipe : {})}>
        <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="table-announcer">
          {sessionNews && <span key={`s${sessionNews.n}`}>{sessionNews.text}</span>}
          {newNotes && <span key={`n${newNotes.n}`}>{newNotes.text}</span>}
        </div>
        <Cards journey={journey} collapsed={narrow} />
        {session?.privateWriting.on && (
          <p className="mb-2 rounded-md bg-violet-100 px-3 py-1.5 text-sm text-violet-900" data-testid="table-private-writing">
            Private writing: your new notes stay on this device until the facilitator reveals them.
          </p>
        )}
        {!canEdit && (
          <p className="mb-2 rounded-md bg-amber-100 px-3 py-1.5 text-sm text-amber-900" data-testid="table-view-only">
            View only: you can read this board but not change it.
          </p>
        )}
        {limited && session?.lock.board && <p className="mb-2 rounded-md bg-slate-100 px-3 py-1.5 text-sm text-slate-800">The board is locked by the facilitator: you can read it, not change it.</p>}
        {narrow && allStages.length > 0 && <StagePicker stages={allStages} shown={stageShown} onShow={setShownStage} />}
        {stages.length === 0 || lanes.length === 0 ? (
          <p className="text-slate-700">This board has no journey grid yet: the facilitator can add stages and lanes on the canvas.</p>
        ) : (
          <table className={`border-collapse text-left ${narrow ? 'w-full' : ''}`} data-testid="journey-table">
            <caption className="mb-1 text-left text-sm text-slate-700 max-[599px]:sr-only">
              {narrow
                ? `${stages[0]?.name || 'Untitled stage'}: stage ${stageShown + 1} of ${allStages.length}. Swipe or use the stage buttons for the others.`
                : 'Stages are columns, lanes are rows. Arrow keys move between cells; Enter on a cell adds a note there.'}
            </caption>
            <thead>
              <tr>
                <td className="sticky left-0 z-[1] border border-slate-300 bg-slate-50" />
                {stages.map((s) => (
                  <th key={s.id} scope="col" className="border border-slate-300 bg-slate-100 p-1.5 text-sm font-semibold text-slate-900">
                    {s.name || 'Untitled stage'}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lanes.map((l, laneIndex) => (
                <tr key={l.id}>
                  <th scope="row" className={`sticky left-0 z-[1] border border-slate-300 bg-slate-100 p-1.5 align-top text-sm font-semibold text-slate-900 ${narrow ? 'w-[7.5rem] break-words' : ''}`}>
                    {l.name || 'Untitled lane'}
                  </th>
                  {stages.map((s, stageIndex) => {
                    const cell = { stage: s, lane: l }
                    const key = cellKey(s.id, l.id)
                    return (
                      <TableCell
                        key={key}
                        name={`${s.name || 'Untitled stage'}, ${l.name || 'Untitled lane'}`}
                        notes={notesByCell.get(key) ?? []}
                        active={s === activeStage && l === activeLane}
                        register={(el) => {
                          if (el) cells.current.set(key, el)
                          else cells.current.delete(key)
                        }}
                        onFocus={() => setActive({ stage: stageIndex, lane: laneIndex })}
                        onArrow={(e) => onArrow(e, stageIndex, laneIndex)}
                        canAdd={canEdit && !cellLock(cell)}
                        lockReason={canEdit ? cellLock(cell) : undefined}
                        onAdd={(text) => addNoteInCell(editor, journey, cell, text)}
                        actionsFor={actionsFor(cell)}
                      />
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {journey.unplaced.length > 0 && (
          <section className="mt-3" aria-label="Notes outside the grid">
            <h2 className="text-sm font-semibold text-slate-900">Outside the grid ({journey.unplaced.length})</h2>
            <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
              {journey.unplaced.map(({ note }) => (
                <li key={note.id}>
                  {note.text}
                  {note.author && <span className="text-slate-600"> — {note.author}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  )
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i))
}

/** The persona and goal/scope cards above the table, as the board shows them. */
function Cards({ journey, collapsed }: { journey: JourneyMap; collapsed: boolean }) {
  const { persona, scope } = journey
  const personaLines = Object.entries({ Name: persona.name, Age: persona.age, Job: persona.job, Description: persona.description, Goals: persona.goals, Motives: persona.motives, Barriers: persona.barriers }).filter(([, v]) => v)
  const scopeLines = Object.entries({ Goal: scope.goal, Segment: scope.segment, 'Time scale': scope.timeScale, KPIs: scope.kpis }).filter(([, v]) => v)
  if (collapsed) {
    return (
      <details className="mb-2 rounded-md border border-slate-300 p-2">
        <summary className="text-sm font-semibold text-slate-900">Persona, goal and scope</summary>
        <CardLines lines={[...personaLines, ...scopeLines]} empty="No persona, goal or scope written yet." />
      </details>
    )
  }
  return (
    <div className="mb-3 flex flex-wrap gap-3">
      <section className="min-w-[14rem] flex-1 rounded-md border border-slate-300 p-2" aria-labelledby="table-persona">
        <h2 id="table-persona" className="text-sm font-semibold text-slate-900">Persona</h2>
        <CardLines lines={personaLines} empty="No persona written yet." />
      </section>
      <section className="min-w-[14rem] flex-1 rounded-md border border-slate-300 p-2" aria-labelledby="table-scope">
        <h2 id="table-scope" className="text-sm font-semibold text-slate-900">Goal and scope</h2>
        <CardLines lines={scopeLines} empty="No goal or scope written yet." />
      </section>
    </div>
  )
}

function CardLines({ lines, empty }: { lines: [string, string][]; empty: string }) {
  if (lines.length === 0) return <p className="text-sm text-slate-600">{empty}</p>
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-sm">
      {lines.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-700">{k}</dt>
          <dd className="whitespace-pre-wrap text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  )
}
