import { describe, expect, it } from 'vitest'
import {
  buildCardText,
  buildGeoShape,
  buildTemplateRecords,
  PERSONA_CARD_HEADING,
  PERSONA_SHAPE_ID,
  SCOPE_CARD_HEADING,
  SCOPE_SHAPE_ID,
} from '../templates/buildTemplateRecords'
import { getTemplate } from '../templates/journeyTemplates'
import { DEFAULT_PAGE_ID, isShapeRecord, type BoardRecord, type ShapeRecord } from '../tldraw/records'
import { toRichText } from '../tldraw/richText'
import { buildJourney, type BuildJourneyOptions } from './buildJourney'
import { buildTestNote } from '../../testing/buildTestNote'
import type { JourneyMap } from './journeySchema'

const OPTIONS: BuildJourneyOptions = { boardId: 'board-1', exportedAt: '2025-03-01T10:00:00.000Z' }
const buyer = getTemplate('buyer-journey')!
const board = () => buildTemplateRecords(buyer, 'Language course')

// Buyer-journey layout: stage i spans x 260+520i .. 780+520i; lane j spans y 120+460j .. 580+460j.
const stageX = (i: number) => 260 + 520 * i
const laneY = (j: number) => 120 + 460 * j

function container(id: string, type: 'group' | 'frame', x: number, y: number, rotation = 0, parentId = DEFAULT_PAGE_ID): ShapeRecord {
  return {
    id,
    typeName: 'shape',
    type,
    x,
    y,
    rotation,
    index: 'c001',
    parentId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: type === 'frame' ? { w: 800, h: 800, name: '', color: 'black' } : {},
  }
}

/** Where a note ended up: "stageId/laneId", or "unplaced:<reason>". */
function whereIs(journey: JourneyMap, noteId: string): string {
  for (const cell of journey.cells) if (cell.notes.some((n) => n.id === noteId)) return `${cell.stageId}/${cell.laneId}`
  const u = journey.unplaced.find((x) => x.note.id === noteId)
  return u ? `unplaced:${u.reason}` : 'missing'
}

function findNote(journey: JourneyMap, noteId: string) {
  return [...journey.cells.flatMap((c) => c.notes), ...journey.unplaced.map((u) => u.note)].find((n) => n.id === noteId)
}

describe('buildJourney: grid', () => {
  it('reads stages by x and lanes by y, with header names and bounds', () => {
    const j = buildJourney(board(), OPTIONS)
    expect(j.stages.map((s) => s.id)).toEqual(buyer.stages.map((s) => s.id))
    expect(j.stages.map((s) => s.name)).toEqual(buyer.stages.map((s) => s.name))
    expect(j.stages[1]).toEqual({ id: 'information-search', name: 'Information search', order: 1, bounds: { x: 780, y: 0, w: 520, h: 120 } })
    expect(j.lanes.map((l) => [l.id, l.kind])).toEqual(buyer.lanes.map((l) => [l.id, l.kind]))
    expect(j.lanes[3].bounds).toEqual({ x: 0, y: laneY(3), w: 260, h: 460 })
  })

  it('lists every stage × lane cell, stage order then lane order, empty ones too', () => {
    const j = buildJourney(board(), OPTIONS)
    expect(j.cells).toHaveLength(buyer.stages.length * buyer.lanes.length)
    expect(j.cells.slice(0, 2).map((c) => [c.stageId, c.laneId, c.notes.length])).toEqual([
      ['awareness', 'actions', 0],
      ['awareness', 'touchpoints', 0],
    ])
    expect(j.cells.at(-1)).toMatchObject({ stageId: 'return-loyalty', laneId: 'opportunities' })
  })

  it('follows headers moved by hand: order comes from geometry', () => {
    const records = board().map((r) =>
      r.id === 'shape:stage-awareness' ? { ...r, x: 5000 } : r.id === 'shape:lane-actions' ? { ...r, y: 9000 } : r,
    )
    const j = buildJourney(records, OPTIONS)
    expect(j.stages.map((s) => s.id).slice(-2)).toEqual(['return-loyalty', 'awareness'])
    expect(j.stages.map((s) => s.order)).toEqual([0, 1, 2, 3, 4, 5])
    expect(j.lanes.at(-1)?.id).toBe('actions')
  })

  it('keeps the first of two headers with the same id and ignores headers on other pages', () => {
    const records: BoardRecord[] = [
      ...board(),
      { ...(board().find((r) => r.id === 'shape:stage-use') as ShapeRecord), id: 'shape:copy', x: 9000 },
      { id: 'page:other', typeName: 'page', name: 'Other', index: 'a2', meta: {} },
      { ...(board().find((r) => r.id === 'shape:stage-purchase') as ShapeRecord), id: 'shape:elsewhere', parentId: 'page:other', meta: { jbRole: 'stage', jbId: 'ghost' } },
    ]
    const j = buildJourney(records, OPTIONS)
    expect(j.stages.map((s) => s.id)).toEqual(buyer.stages.map((s) => s.id))
  })

  it('reads persona and scope from "Label: value" lines, case-insensitively', () => {
    const records = board().map((r) => {
      if (r.id === PERSONA_SHAPE_ID && isShapeRecord(r)) {
        const text = `${PERSONA_CARD_HEADING}\nname: Anna\nAGE: 34\nJob: Nurse\nGoals: work abroad\nneeds English by June\nMotives:   career  `
        return { ...r, props: { ...r.props, richText: toRichText(text) } }
      }
      if (r.id === SCOPE_SHAPE_ID && isShapeRecord(r)) {
        const text = buildCardText(SCOPE_CARD_HEADING, ['Goal', 'Segment', 'Timescale', 'KPIs'], { Goal: 'More renewals', Timescale: '6 months', KPIs: 'renewal rate' })
        return { ...r, props: { ...r.props, richText: toRichText(text) } }
      }
      return r
    })
    const j = buildJourney(records, OPTIONS)
    expect(j.persona).toEqual({
      name: 'Anna',
      age: '34',
      job: 'Nurse',
      description: '',
      goals: 'work abroad\nneeds English by June',
      motives: 'career',
      barriers: '',
    })
    expect(j.scope).toEqual({ goal: 'More renewals', segment: '', timeScale: '6 months', kpis: 'renewal rate' })
  })

  it('takes the title from options, else from the title shape', () => {
    expect(buildJourney(board(), OPTIONS).title).toBe('Language course')
    expect(buildJourney(board(), { ...OPTIONS, title: 'Override' }).title).toBe('Override')
    expect(buildJourney([], OPTIONS).title).toBe('')
  })

  it('fills schemaVersion, template and meta from options', () => {
    const j = buildJourney(board(), { ...OPTIONS, template: 'buyer-journey', agreedVersion: 'v2' })
    expect(j.schemaVersion).toBe(1)
    expect(j.template).toBe('buyer-journey')
    expect(j.meta).toEqual({ boardId: 'board-1', exportedAt: '2025-03-01T10:00:00.000Z', agreedVersion: 'v2' })
    expect(buildJourney(board(), OPTIONS).meta.agreedVersion).toBeNull()
  })
})

describe('buildJourney: placing notes', () => {
  const richText = {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Bold', marks: [{ type: 'bold' }] }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'item' }] }] }] },
    ],
  }
  const cases: { name: string; shapes: ShapeRecord[]; expected: string; text?: string }[] = [
    { name: 'centre inside a cell', shapes: [buildTestNote({ id: 'shape:n', x: stageX(0) + 40, y: laneY(0) + 40 })], expected: 'awareness/actions' },
    {
      name: 'centre inside, note overlapping the next cell',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(1) - 90, y: laneY(2) + 10 })],
      expected: 'information-search/thoughts',
    },
    {
      name: 'centre on a stage border, equal areas: earlier stage',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(1) - 100, y: laneY(1) + 50 })],
      expected: 'awareness/touchpoints',
    },
    {
      name: 'centre on a lane border, equal areas: earlier lane',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(2) + 50, y: laneY(2) - 100 })],
      expected: 'comparing-alternatives/touchpoints',
    },
    {
      name: 'centre on a corner of four cells',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(3) - 100, y: laneY(4) - 100 })],
      expected: 'comparing-alternatives/emotions',
    },
    {
      name: 'centre on the bottom edge of the grid',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(0) + 50, y: laneY(6) - 100 })],
      expected: 'awareness/opportunities',
    },
    { name: 'left of the grid (on a lane header)', shapes: [buildTestNote({ id: 'shape:n', x: 20, y: laneY(0) + 40 })], expected: 'unplaced:outside-grid' },
    { name: 'on a stage header', shapes: [buildTestNote({ id: 'shape:n', x: stageX(0) + 40, y: -40 })], expected: 'unplaced:outside-grid' },
    { name: 'far right of the grid', shapes: [buildTestNote({ id: 'shape:n', x: 10_000, y: 400 })], expected: 'unplaced:outside-grid' },
    { name: 'below the grid', shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 5000 })], expected: 'unplaced:outside-grid' },
    {
      name: 'nested in a group',
      shapes: [container('shape:g', 'group', stageX(1), laneY(1)), buildTestNote({ id: 'shape:n', x: 20, y: 20, parentId: 'shape:g' })],
      expected: 'information-search/touchpoints',
    },
    {
      name: 'group moved the note out of the grid',
      shapes: [container('shape:g', 'group', -3000, 0), buildTestNote({ id: 'shape:n', x: stageX(0) + 40, y: laneY(0) + 40, parentId: 'shape:g' })],
      expected: 'unplaced:outside-grid',
    },
    {
      name: 'inside a frame',
      shapes: [container('shape:f', 'frame', stageX(2), laneY(0)), buildTestNote({ id: 'shape:n', x: 10, y: 10, parentId: 'shape:f' })],
      expected: 'comparing-alternatives/actions',
    },
    {
      name: 'group inside a frame',
      shapes: [
        container('shape:f', 'frame', stageX(4), laneY(5)),
        container('shape:g', 'group', 100, 50, 0, 'shape:f'),
        buildTestNote({ id: 'shape:n', x: 10, y: 10, parentId: 'shape:g' }),
      ],
      expected: 'use/opportunities',
    },
    {
      // Rotated a quarter turn around its top-left corner, the note's centre moves 200 left of it.
      name: 'rotated note',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(0) + 40, y: laneY(0) + 40, rotation: Math.PI / 2 })],
      expected: 'unplaced:outside-grid',
    },
    {
      name: 'rotated note still in its cell',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(0) + 300, y: laneY(0) + 40, rotation: Math.PI / 2 })],
      expected: 'awareness/actions',
    },
    {
      // Local centre (100, -200) turns to (200, 100) and lands at (stageX(2)+200, laneY(2)+100).
      name: 'note in a rotated group',
      shapes: [container('shape:g', 'group', stageX(2), laneY(2), Math.PI / 2), buildTestNote({ id: 'shape:n', x: 0, y: -300, parentId: 'shape:g' })],
      expected: 'comparing-alternatives/thoughts',
    },
    {
      name: 'scaled and grown note: its centre counts, not its corner',
      shapes: [buildTestNote({ id: 'shape:n', x: stageX(1) - 60, y: laneY(1) + 10, scale: 0.5, growY: 100 })],
      expected: 'awareness/touchpoints',
    },
    {
      name: 'parent missing',
      shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 400, parentId: 'shape:gone' })],
      expected: 'unplaced:unknown-parent',
    },
    {
      name: 'parent cycle',
      shapes: [container('shape:a', 'group', 0, 0, 0, 'shape:b'), container('shape:b', 'group', 0, 0, 0, 'shape:a'), buildTestNote({ id: 'shape:n', x: 400, y: 400, parentId: 'shape:a' })],
      expected: 'unplaced:unknown-parent',
    },
    { name: 'on another page', shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 400, parentId: 'page:other' })], expected: 'unplaced:other-page' },
    { name: 'empty text', shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 200, text: '' })], expected: 'awareness/actions', text: '' },
    { name: 'text is trimmed', shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 200, text: '\n  hello \n\n' })], expected: 'awareness/actions', text: 'hello' },
    {
      name: 'rich text with marks, a line break and a list',
      shapes: [buildTestNote({ id: 'shape:n', x: 400, y: 200, text: richText })],
      expected: 'awareness/actions',
      text: 'Bold\nline two\n- item',
    },
  ]

  it.each(cases)('$name', ({ shapes, expected, text }) => {
    const j = buildJourney([...board(), ...shapes], OPTIONS)
    expect(whereIs(j, 'shape:n')).toBe(expected)
    if (text !== undefined) expect(findNote(j, 'shape:n')?.text).toBe(text)
  })

  it('a centre on a border goes to the cell holding most of the note', () => {
    // Narrow first column (260..400), wide second (400..920); a 400-wide note centred on x = 400
    // covers 140 of the first column and 200 of the second.
    const stage = (id: string, x: number, w: number) =>
      buildGeoShape(`shape:stage-${id}`, 'a1', { x, y: 0, w, h: 120 }, id, { color: 'blue', fill: 'semi', dash: 'solid', size: 'm', align: 'middle', verticalAlign: 'middle' }, { jbRole: 'stage', jbId: id }, true)
    const lane = buildGeoShape('shape:lane-l', 'a2', { x: 0, y: 120, w: 260, h: 1000 }, 'L', { color: 'grey', fill: 'semi', dash: 'solid', size: 'm', align: 'middle', verticalAlign: 'middle' }, { jbRole: 'lane', jbId: 'l', jbLaneKind: 'actions' }, true)
    const records = [stage('a', 260, 140), stage('b', 400, 520), lane, buildTestNote({ id: 'shape:n', x: 200, y: 200, scale: 2 })]
    expect(whereIs(buildJourney(records, OPTIONS), 'shape:n')).toBe('b/l')
  })

  it('a note between two columns moved apart is unplaced as unknown-cell', () => {
    const records = board().map((r) => (isShapeRecord(r) && r.id === 'shape:stage-information-search' ? { ...r, x: stageX(1) + 300 } : r))
    const j = buildJourney([...records, buildTestNote({ id: 'shape:n', x: stageX(1) + 50 - 100, y: laneY(0) + 40 })], OPTIONS)
    expect(whereIs(j, 'shape:n')).toBe('unplaced:unknown-cell')
  })

  it('without a grid every note is unplaced as no-grid', () => {
    const j = buildJourney([buildTestNote({ id: 'shape:n', x: 0, y: 0 })], OPTIONS)
    expect(j.stages).toEqual([])
    expect(j.cells).toEqual([])
    expect(whereIs(j, 'shape:n')).toBe('unplaced:no-grid')
  })

  it('sorts notes in a cell by y, then x, then id', () => {
    const notes = [
      buildTestNote({ id: 'shape:d', x: 500, y: 300 }),
      buildTestNote({ id: 'shape:c', x: 300, y: 300 }),
      buildTestNote({ id: 'shape:b', x: 310, y: 130 }),
      buildTestNote({ id: 'shape:a', x: 310, y: 130 }),
    ]
    const j = buildJourney([...board(), ...notes], OPTIONS)
    expect(j.cells[0].notes.map((n) => n.id)).toEqual(['shape:a', 'shape:b', 'shape:c', 'shape:d'])
  })

  it('reads author, votes, updatedAt and colour from the note, with defaults', () => {
    const notes = [
      buildTestNote({ id: 'shape:full', x: 300, y: 150, color: 'light-red', meta: { authorName: ' Ann ', authorId: 'u1', votes: 3, updatedAt: 1_700_000_000_000 } }),
      buildTestNote({ id: 'shape:bare', x: 300, y: 400 }),
      buildTestNote({ id: 'shape:odd', x: 500, y: 400, meta: { authorName: 7, votes: -2, updatedAt: 'yesterday' } }),
      buildTestNote({ id: 'shape:frac', x: 500, y: 150, meta: { votes: 2.7 } }),
    ]
    const j = buildJourney([...board(), ...notes], OPTIONS)
    expect(findNote(j, 'shape:full')).toEqual({
      id: 'shape:full',
      kind: 'note',
      text: '',
      author: 'Ann',
      color: 'light-red',
      votes: 3,
      updatedAt: 1_700_000_000_000,
      emotionScore: null,
    })
    expect(findNote(j, 'shape:bare')).toMatchObject({ author: '', votes: 0, updatedAt: null })
    expect(findNote(j, 'shape:odd')).toMatchObject({ author: '', votes: 0, updatedAt: null })
    expect(findNote(j, 'shape:frac')?.votes).toBe(2)
  })

  it('skips malformed records instead of throwing', () => {
    const junk = [null, 42, { id: 'x', typeName: 'shape' }, { id: 'shape:np', typeName: 'shape', type: 'note', parentId: DEFAULT_PAGE_ID }] as unknown as BoardRecord[]
    const j = buildJourney([...board(), ...junk], OPTIONS)
    expect(whereIs(j, 'shape:np')).toBe('unplaced:outside-grid')
  })
})

/** A shape with words as tldraw 5.1 stores it: text, geo (a labelled rectangle), frame or arrow. */
function wordShape(id: string, type: 'text' | 'geo' | 'frame' | 'arrow', x: number, y: number, text: string, extra: { props?: Record<string, unknown>; meta?: Record<string, unknown>; parentId?: string } = {}): ShapeRecord {
  const richText = toRichText(text)
  const props: Record<string, unknown> =
    type === 'text'
      ? { color: 'blue', size: 'm', font: 'draw', textAlign: 'start', w: 180, richText, scale: 1, autoSize: true }
      : type === 'geo'
        ? { geo: 'rectangle', w: 160, h: 120, growY: 0, scale: 1, color: 'green', richText }
        : type === 'frame'
          ? { w: 300, h: 200, name: text, color: 'black' }
          : { color: 'red', start: { x: 0, y: 0 }, end: { x: 200, y: 100 }, richText }
  return { id, typeName: 'shape', type, x, y, rotation: 0, index: 'c002', parentId: extra.parentId ?? DEFAULT_PAGE_ID, isLocked: false, opacity: 1, meta: extra.meta ?? {}, props: { ...props, ...extra.props } }
}

describe('buildJourney: other shapes with words', () => {
  // [shape, where it goes]: each is placed by the centre of its own box, like a note.
  const cases: [string, ShapeRecord, string][] = [
    ['a text shape typed into a cell', wordShape('shape:t', 'text', stageX(1) + 20, laneY(2) + 200, 'Typed, not a note'), 'information-search/thoughts'],
    ['a labelled rectangle', wordShape('shape:g', 'geo', stageX(0) + 300, laneY(0) + 300, 'Boxed idea'), 'awareness/actions'],
    ['a named frame', wordShape('shape:f', 'frame', stageX(2) + 100, laneY(1) + 100, 'Cluster'), 'comparing-alternatives/touchpoints'],
    ['a labelled arrow, by the box of its end points', wordShape('shape:a', 'arrow', stageX(0) + 440, laneY(0) + 380, 'leads to'), 'information-search/actions'],
    ['a text shape beside the grid', wordShape('shape:o', 'text', -600, 300, 'Side remark'), 'unplaced:outside-grid'],
    ['a scaled text shape, by its scaled box', wordShape('shape:s', 'text', stageX(0) + 400, laneY(0) + 10, 'Big', { props: { w: 100, scale: 3 } }), 'information-search/actions'],
  ]
  it.each(cases)('%s', (_name, shape, expected) => {
    const j = buildJourney([...board(), shape], OPTIONS)
    expect(whereIs(j, shape.id)).toBe(expected)
    expect(findNote(j, shape.id)?.kind).toBe(shape.type)
  })

  it('reads their words, author, votes and colour as a note\'s', () => {
    const j = buildJourney(
      [
        ...board(),
        wordShape('shape:t', 'text', stageX(0) + 40, laneY(3) + 40, '🙁 Slow\nsite', { meta: { authorName: 'Pia', votes: 2, updatedAt: 5 } }),
        wordShape('shape:f', 'frame', stageX(0) + 40, laneY(0) + 40, '  Parking   lot '),
      ],
      OPTIONS,
    )
    expect(findNote(j, 'shape:t')).toEqual({ id: 'shape:t', kind: 'text', text: '🙁 Slow\nsite', author: 'Pia', color: 'blue', votes: 2, updatedAt: 5, emotionScore: -1 })
    expect(findNote(j, 'shape:f')).toMatchObject({ kind: 'frame', text: 'Parking lot', color: 'black' })
  })

  it('leaves out shapes without words and the grid\'s own shapes (headers, cells, cards, title)', () => {
    const plain = board()
    const j = buildJourney(
      [
        ...plain,
        wordShape('shape:empty-text', 'text', stageX(0) + 40, laneY(0) + 40, '   '),
        wordShape('shape:empty-geo', 'geo', stageX(0) + 40, laneY(0) + 40, ''),
        wordShape('shape:empty-frame', 'frame', stageX(0) + 40, laneY(0) + 40, ''),
        wordShape('shape:odd-role', 'geo', stageX(0) + 40, laneY(0) + 40, 'kept out', { meta: { jbRole: 'cell' } }),
      ],
      OPTIONS,
    )
    expect(j.cells.flatMap((c) => c.notes)).toEqual([])
    expect(j.unplaced).toEqual([])
  })

  it('keeps a note inside a named frame: both are in the journey', () => {
    const frame = wordShape('shape:f', 'frame', stageX(1), laneY(1), 'Touch cluster', { props: { w: 500, h: 440 } })
    const inner = buildTestNote({ id: 'shape:n', x: 20, y: 20, parentId: 'shape:f', text: 'Inside' })
    const j = buildJourney([...board(), frame, inner], OPTIONS)
    expect(whereIs(j, 'shape:f')).toBe('information-search/touchpoints')
    expect(whereIs(j, 'shape:n')).toBe('information-search/touchpoints')
  })
})

describe('buildJourney: emotions', () => {
  const emotionsLane = 3
  const note = (id: string, text: string, stage: number, lane = emotionsLane, dx = 0) =>
    buildTestNote({ id, x: stageX(stage) + 20 + dx, y: laneY(lane) + 20, text })

  const scoreCases: { text: string; score: number | null }[] = [
    { text: '😀 love the free trial', score: 2 },
    { text: '  🤩', score: 2 },
    { text: '🙂 fine', score: 1 },
    { text: '☺️ calm', score: 1 },
    { text: '😐', score: 0 },
    { text: '🤔 not sure', score: 0 },
    { text: '🙁 slow', score: -1 },
    { text: '☹️ meh', score: -1 },
    { text: '😡 card declined', score: -2 },
    { text: '😭', score: -2 },
    { text: '+2 delighted', score: 2 },
    { text: '+1', score: 1 },
    { text: '0 neutral', score: 0 },
    { text: '-1 annoyed', score: -1 },
    { text: '−2 furious', score: -2 },
    { text: 'no score here 😀', score: null },
    { text: '2 friends recommended it', score: null },
    { text: '+3 off the scale', score: null },
    { text: '', score: null },
  ]
  it.each(scoreCases)('scores $text as $score in an emotions lane', ({ text, score }) => {
    const j = buildJourney([...board(), note('shape:n', text, 0)], OPTIONS)
    expect(findNote(j, 'shape:n')?.emotionScore).toBe(score)
  })

  it('does not score notes in other lanes or outside the grid', () => {
    const j = buildJourney([...board(), note('shape:a', '😀', 0, 0), buildTestNote({ id: 'shape:b', x: -900, y: 0, text: '😀' })], OPTIONS)
    expect(findNote(j, 'shape:a')?.emotionScore).toBeNull()
    expect(findNote(j, 'shape:b')?.emotionScore).toBeNull()
  })

  it('builds the curve: mean of scored notes per stage, null without any', () => {
    const notes = [note('shape:a', '😀', 0), note('shape:b', '-1 slow', 0, emotionsLane, 250), note('shape:c', 'just words', 0, emotionsLane, 120), note('shape:d', '🙁', 2)]
    const j = buildJourney([...board(), ...notes], OPTIONS)
    expect(j.emotionCurve.slice(0, 3)).toEqual([
      { stageId: 'awareness', score: 0.5, count: 2 },
      { stageId: 'information-search', score: null, count: 0 },
      { stageId: 'comparing-alternatives', score: -1, count: 1 },
    ])
    expect(j.emotionCurve).toHaveLength(6)
  })
})

describe('buildJourney: determinism', () => {
  const records = [
    ...board(),
    buildTestNote({ id: 'shape:n1', x: 300, y: 150, text: 'one', meta: { authorName: 'Ann', votes: 1 } }),
    buildTestNote({ id: 'shape:n2', x: 300, y: 150, text: 'two' }),
    buildTestNote({ id: 'shape:n3', x: 1900, y: laneY(3) + 10, text: '😀' }),
    buildTestNote({ id: 'shape:n4', x: -500, y: 0, text: 'outside' }),
    buildTestNote({ id: 'shape:n5', x: -500, y: 0, text: 'outside too' }),
  ]

  it('gives the same JSON for the same records', () => {
    expect(JSON.stringify(buildJourney(records, OPTIONS))).toBe(JSON.stringify(buildJourney(structuredClone(records), OPTIONS)))
  })

  it('does not depend on record order', () => {
    const reversed = [...records].reverse()
    const rotated = [...records.slice(7), ...records.slice(0, 7)]
    const expected = JSON.stringify(buildJourney(records, OPTIONS))
    expect(JSON.stringify(buildJourney(reversed, OPTIONS))).toBe(expected)
    expect(JSON.stringify(buildJourney(rotated, OPTIONS))).toBe(expected)
  })

  it('does not mutate its input', () => {
    const copy = structuredClone(records)
    buildJourney(records, OPTIONS)
    expect(records).toEqual(copy)
  })
})
