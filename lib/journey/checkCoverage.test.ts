import { describe, expect, it } from 'vitest'
import { checkCoverage, type CoverageFinding } from './checkCoverage'
import type { JourneyLane, JourneyMap, JourneyNote } from './journeySchema'
import { buildTestJourney, buildTestJourneyNote, buildTestLane, buildTestStage } from '../../testing/buildTestJourney'

const note = (id: string, author = '', text = id): JourneyNote => buildTestJourneyNote(id, { text, author })
const lane = (id: string, kind: JourneyLane['kind'], order: number): JourneyLane => buildTestLane(id, id.toUpperCase(), kind, order)

/** Two stages; lanes actions, pain, opp; `notes` by "stage/lane". */
function journey(notes: Record<string, JourneyNote[]>, lanes = [lane('act', 'actions', 0), lane('pain', 'painPoints', 1), lane('opp', 'opportunities', 2)]): JourneyMap {
  const stages = [buildTestStage('s1', 'Search', 0), buildTestStage('s2', 'Buy', 1)]
  return buildTestJourney({
    stages,
    lanes,
    cells: stages.flatMap((s) => lanes.map((l) => ({ stageId: s.id, laneId: l.id, notes: notes[`${s.id}/${l.id}`] ?? [] }))),
    emotionCurve: stages.map((s) => ({ stageId: s.id, score: null, count: 0 })),
  })
}

const full = (author: (i: number) => string) => {
  let i = 0
  const n = () => note(`n${i}`, author(i++))
  return { 's1/act': [n()], 's1/pain': [n()], 's1/opp': [n()], 's2/act': [n()], 's2/pain': [n()], 's2/opp': [n()] }
}
const brief = (findings: CoverageFinding[]) => findings.map((f) => [f.kind, f.stageId, f.laneId, f.noteId].filter(Boolean).join(' '))

describe('checkCoverage', () => {
  const cases: { name: string; journey: JourneyMap; expected: string[] }[] = [
    { name: 'complete map by several people', journey: journey(full((i) => ['Ann', 'Bo'][i % 2])), expected: [] },
    {
      name: 'empty map',
      journey: journey({}),
      expected: [
        'empty-cell s1 act',
        'empty-cell s1 pain',
        'empty-cell s1 opp',
        'empty-cell s2 act',
        'empty-cell s2 pain',
        'empty-cell s2 opp',
        'no-pain-point s1',
        'no-pain-point s2',
        'no-opportunity s1',
        'no-opportunity s2',
      ],
    },
    {
      name: 'one stage lacks a pain point and an opportunity',
      journey: journey({ ...full((i) => ['Ann', 'Bo'][i % 2]), 's2/pain': [], 's2/opp': [] }),
      expected: ['empty-cell s2 pain', 'empty-cell s2 opp', 'no-pain-point s2', 'no-opportunity s2'],
    },
    {
      name: 'map without pain-point or opportunity lanes',
      journey: journey({ 's1/act': [note('a', 'Ann')], 's2/act': [note('b', 'Bo')] }, [lane('act', 'actions', 0)]),
      expected: ['no-pain-point', 'no-opportunity'],
    },
    { name: 'all notes by one person', journey: journey(full(() => 'Ann')), expected: ['single-author'] },
    {
      name: 'one stage by one person',
      journey: journey(full((i) => (i < 3 ? 'Ann' : ['Bo', 'Cy'][i % 2]))),
      expected: ['single-author s1'],
    },
    { name: 'notes without author do not count', journey: journey(full((i) => (i === 0 ? 'Ann' : ''))), expected: [] },
  ]
  it.each(cases)('$name', ({ journey, expected }) => {
    expect(brief(checkCoverage(journey))).toEqual(expected)
  })

  it('reports unplaced notes with the reason', () => {
    const j = journey(full((i) => ['Ann', 'Bo'][i % 2]))
    j.unplaced = [
      { note: note('u1', '', 'Parking lot idea that is rather long and goes on and on'), reason: 'outside-grid' },
      { note: note('u2', '', ''), reason: 'other-page' },
    ]
    const findings = checkCoverage(j)
    expect(brief(findings)).toEqual(['unplaced-note u1', 'unplaced-note u2'])
    expect(findings[0].message).toBe('Note "Parking lot idea that is rather long an…" is in no cell: it is outside the grid.')
    expect(findings[1].message).toBe('Note (empty) is in no cell: it is on another page.')
  })

  it('writes messages with stage and lane names', () => {
    const findings = checkCoverage(journey({}))
    expect(findings[0].message).toBe('No notes in "ACT" for stage "Search".')
    expect(findings.find((f) => f.kind === 'no-pain-point')?.message).toBe('Stage "Search" has no pain point yet.')
    expect(checkCoverage(journey(full(() => 'Ann')))[0].message).toBe('All 6 notes on the map are by Ann; invite other voices.')
  })
})
