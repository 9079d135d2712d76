import { describe, expect, it } from 'vitest'
import type { JourneyMap, JourneyNote } from './journeySchema'
import { toJourneyCsv } from './toJourneyCsv'
import { buildTestJourney, buildTestJourneyNote, buildTestLane, buildTestStage } from '../../testing/buildTestJourney'

const note = (text: string, extra: Partial<JourneyNote> = {}): JourneyNote => buildTestJourneyNote(`shape:${text.length}-${extra.author ?? ''}`, { text, ...extra })

function journey(cellNotes: JourneyNote[], unplaced: JourneyNote[] = []): JourneyMap {
  return buildTestJourney({
    // Listed out of order on purpose: rows follow `order`.
    stages: [buildTestStage('buy', 'Buy', 1), buildTestStage('search', 'Search, compare', 0)],
    lanes: [buildTestLane('emo', 'Emotions', 'emotions', 1), buildTestLane('act', 'Actions', 'actions', 0)],
    cells: [
      { stageId: 'buy', laneId: 'emo', notes: [note('😡 card declined', { emotionScore: -2, votes: 3, author: 'Bo' })] },
      { stageId: 'buy', laneId: 'act', notes: [note('Pays')] },
      { stageId: 'search', laneId: 'emo', notes: [] },
      { stageId: 'search', laneId: 'act', notes: cellNotes },
    ],
    unplaced: unplaced.map((n) => ({ note: n, reason: 'outside-grid' as const })),
  })
}

const BOM = '\uFEFF'
const HEADER = 'stage,stage order,lane,text,author,votes,emotion score,kind\r\n'

describe('toJourneyCsv', () => {
  it.each(['note', 'text', 'geo', 'frame', 'arrow'] as const)('writes a %s shape\'s kind in the last column', (kind) => {
    const j = journey([note('Typed in the cell', { kind })])
    expect(toJourneyCsv(j).split('\r\n')[1]).toBe(`"Search, compare",1,Actions,Typed in the cell,,0,,${kind}`)
  })

  it('writes a BOM, a header and one CRLF row per note, stage order then lane order, then unplaced', () => {
    const csv = toJourneyCsv(journey([note('Googles courses', { author: 'Ann', votes: 2 })], [note('parking lot', { kind: 'text' })]))
    expect(csv).toBe(
      BOM +
        HEADER +
        '"Search, compare",1,Actions,Googles courses,Ann,2,,note\r\n' +
        'Buy,2,Actions,Pays,,0,,note\r\n' +
        'Buy,2,Emotions,😡 card declined,Bo,3,-2,note\r\n' +
        ',,,parking lot,,0,,text\r\n',
    )
  })

  const fieldCases: { name: string; text: string; field: string }[] = [
    { name: 'plain', text: 'hello', field: 'hello' },
    { name: 'comma', text: 'a, b', field: '"a, b"' },
    { name: 'quotes doubled', text: 'say "hi"', field: '"say ""hi"""' },
    { name: 'newline kept inside quotes', text: 'line 1\nline 2', field: '"line 1\nline 2"' },
    { name: 'CRLF inside quotes', text: 'a\r\nb', field: '"a\r\nb"' },
    { name: 'formula =', text: '=SUM(A1:A9)', field: "'=SUM(A1:A9)" },
    { name: 'formula +', text: '+1 fine', field: "'+1 fine" },
    { name: 'formula -', text: '-1 annoyed', field: "'-1 annoyed" },
    { name: 'formula @', text: '@cmd', field: "'@cmd" },
    { name: 'leading tab', text: '\tx', field: "'\tx" },
    { name: 'leading CR is defused and quoted', text: '\rx', field: `"'\rx"` },
    { name: 'formula with a comma and quotes', text: '=HYPERLINK("http://x", "y")', field: `"'=HYPERLINK(""http://x"", ""y"")"` },
    { name: 'formula sign later in the text is fine', text: 'a=b', field: 'a=b' },
    { name: 'unicode', text: 'Zürich 東京 😀', field: 'Zürich 東京 😀' },
    { name: 'empty', text: '', field: '' },
  ]
  it.each(fieldCases)('text field: $name', ({ text, field }) => {
    const csv = toJourneyCsv(journey([note(text)]))
    expect(csv.slice(0, BOM.length + HEADER.length)).toBe(BOM + HEADER)
    expect(csv.slice(BOM.length + HEADER.length)).toBe(`"Search, compare",1,Actions,${field},,0,,note\r\nBuy,2,Actions,Pays,,0,,note\r\nBuy,2,Emotions,😡 card declined,Bo,3,-2,note\r\n`)
  })

  it('defuses author and names too', () => {
    const j = journey([note('x', { author: '=evil()' })])
    j.stages[1].name = '@stage'
    expect(toJourneyCsv(j).split('\r\n')[1]).toBe("'@stage,1,Actions,x,'=evil(),0,,note")
  })

  it('writes only the header for an empty map', () => {
    const j = journey([])
    j.cells = []
    expect(toJourneyCsv(j)).toBe(BOM + HEADER)
  })
})
