import { describe, expect, it } from 'vitest'
import fixture from './fixtures/workshop-board.json'
import { buildJourney } from './buildJourney'
import { checkCoverage } from './checkCoverage'
import type { BoardRecord } from '../tldraw/records'

// A real board saved from the running app by scripts/captureBoardFixture.mjs: notes typed through
// tldraw's UI (bold, a bullet list, a line break, emoji), a group and a rotation made by tldraw itself.
const records = fixture.records as unknown as BoardRecord[]
const journey = buildJourney(records, { boardId: fixture.boardId, exportedAt: '2026-11-23T00:00:00.000Z' })
const texts = (stageId: string, laneId: string) => journey.cells.find((c) => c.stageId === stageId && c.laneId === laneId)!.notes.map((n) => n.text)

describe('journey from a board saved by the running app', () => {
  it.each([
    ['awareness', 'actions', ['Needs English for a job abroad']],
    ['information-search', 'touchpoints', ['Sees ads on Instagram\nand YouTube']],
    ['comparing-alternatives', 'thoughts', ['Do I really need this?']],
    ['purchase', 'pain-points', ['- Card declined\n- No PayPal']],
    ['use', 'emotions', ['🙂 lessons are fun']],
    ['return-loyalty', 'emotions', ['-2 renewal price doubled']],
    ['return-loyalty', 'opportunities', ['Offer a 6-month discount']],
    ['awareness', 'emotions', ['']],
  ])('places the notes of %s × %s', (stageId, laneId, expected) => {
    expect(texts(stageId, laneId)).toEqual(expected)
  })

  it('finds grouped notes and the note straddling the Purchase/Use border in the cell holding most of it', () => {
    expect(texts('use', 'actions')).toEqual(expect.arrayContaining(['Takes lessons', 'Asks the manager questions', 'Asks support about refunds']))
    const border = journey.stages.find((s) => s.id === 'use')!.bounds.x
    const straddler = records.find((r) => JSON.stringify(r.props ?? {}).includes('Asks support about refunds'))!
    // It really straddles: its left edge is in Purchase, its right edge in Use.
    expect(straddler.x as number).toBeLessThan(border)
    expect((straddler.x as number) + 200).toBeGreaterThan(border)
  })

  it('keeps the note dragged off the grid as unplaced, and scores the emotion curve', () => {
    expect(journey.unplaced.map((u) => [u.note.text, u.reason])).toEqual([['Parking lot: mobile app?', 'outside-grid']])
    expect(journey.emotionCurve.filter((p) => p.score !== null)).toEqual([
      { stageId: 'use', score: 1, count: 1 },
      { stageId: 'return-loyalty', score: -2, count: 1 },
    ])
    expect(journey.cells.flatMap((c) => c.notes).every((n) => n.author === 'Ann Facilitator')).toBe(true)
  })

  it('lists the gaps a facilitator should look at before closing the phase', () => {
    const kinds = new Set(checkCoverage(journey).map((f) => f.kind))
    expect(kinds).toEqual(new Set(['empty-cell', 'no-pain-point', 'no-opportunity', 'single-author', 'unplaced-note']))
  })
})
