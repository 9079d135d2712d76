import { createTLSchema } from '@tldraw/tlschema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildCardText, buildTemplateRecords, PERSONA_CARD_HEADING, PERSONA_FIELDS, PERSONA_SHAPE_ID, SCOPE_CARD_HEADING, SCOPE_FIELDS, SCOPE_SHAPE_ID } from '../templates/buildTemplateRecords'
import { layoutGrid } from '../templates/gridLayout'
import { JOURNEY_TEMPLATES, getTemplate } from '../templates/journeyTemplates'
import { getSeedIndexKey } from '../tldraw/indexKeys'
import { isShapeRecord, type BoardRecord, type ShapeRecord } from '../tldraw/records'
import { toRichText } from '../tldraw/richText'
import { buildJourney, type BuildJourneyOptions } from './buildJourney'
import { buildTestNote } from '../../testing/buildTestNote'
import type { JourneyMap } from './journeySchema'
import { getNoteIndexKey, journeyToRecords, TLDRAW_COLORS } from './journeyToRecords'

const OPTIONS: BuildJourneyOptions = { boardId: 'b', exportedAt: '2025-01-01T00:00:00.000Z' }
const schema = createTLSchema()

/** Throws a tldraw ValidationError for the first invalid record. */
function validateAll(records: readonly BoardRecord[]): void {
  const ids = new Set<string>()
  for (const record of records) {
    ;(schema.types as Record<string, { validate: (r: unknown) => unknown }>)[record.typeName].validate(record)
    expect(ids.has(record.id), `duplicate id ${record.id}`).toBe(false)
    ids.add(record.id)
  }
  const indexes = records.filter(isShapeRecord).map((s) => s.index)
  expect(new Set(indexes).size, 'index keys are unique').toBe(indexes.length)
}

/** The parts of a journey that survive a trip through the board. */
function essence(j: JourneyMap) {
  return {
    title: j.title,
    persona: j.persona,
    scope: j.scope,
    stages: j.stages.map(({ id, name, order }) => ({ id, name, order })),
    lanes: j.lanes.map(({ id, name, kind, order }) => ({ id, name, kind, order })),
    cells: j.cells,
    emotionCurve: j.emotionCurve,
    unplaced: j.unplaced.map((u) => u.note),
  }
}

function withCards(records: BoardRecord[], persona: Record<string, string>, scope: Record<string, string>): BoardRecord[] {
  return records.map((r) => {
    if (!isShapeRecord(r)) return r
    if (r.id === PERSONA_SHAPE_ID) return { ...r, props: { ...r.props, richText: toRichText(buildCardText(PERSONA_CARD_HEADING, PERSONA_FIELDS, persona)) } }
    if (r.id === SCOPE_SHAPE_ID) return { ...r, props: { ...r.props, richText: toRichText(buildCardText(SCOPE_CARD_HEADING, SCOPE_FIELDS, scope)) } }
    return r
  })
}

function sampleBoard(): BoardRecord[] {
  const template = getTemplate('buyer-journey')!
  return [
    ...withCards(buildTemplateRecords(template, 'Language course'), { Name: 'Anna', Age: '34', Goals: 'Work abroad\nby June' }, { Goal: 'Renewals', 'Time scale': '6 months' }),
    buildTestNote({ id: 'shape:a', x: 300, y: 150, text: 'Sees an ad', color: 'blue', meta: { authorName: 'Ann', votes: 2, updatedAt: 1_700_000_000_000 } }),
    buildTestNote({ id: 'shape:b', x: 520, y: 160, text: 'Asks a friend', meta: { authorName: 'Bo' } }),
    buildTestNote({ id: 'shape:c', x: 800, y: 1520, text: '😀 free trial', rotation: 0.2 }),
    buildTestNote({ id: 'shape:d', x: 820, y: 1700, text: '-1 too many options', scale: 0.5 }),
    buildTestNote({ id: 'shape:e', x: -900, y: 40, text: 'parking lot' }),
  ]
}

describe('journeyToRecords', () => {
  it('builds records that pass tldraw 5.1.1 validation', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    validateAll(journeyToRecords(journey))
    validateAll(journeyToRecords(journey, { idPrefix: 'import1-' }))
  })

  it('round-trips through buildJourney', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const again = buildJourney(journeyToRecords(journey), OPTIONS)
    expect(essence(again)).toEqual(essence(journey))
    expect(again.unplaced.map((u) => u.reason)).toEqual(['outside-grid'])
    expect(again.cells.find((c) => c.notes.length === 2)?.notes.map((n) => n.id)).toEqual(['shape:a', 'shape:b'])
  })

  it('writes text, geo, frame and arrow notes back as shapes of their kind, and reads them back the same', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const kinds = ['text', 'geo', 'frame', 'arrow'] as const
    const cell = journey.cells.find((c) => c.notes.length === 2)!
    cell.notes.push(...kinds.map((kind, i) => ({ id: `shape:${kind}-1`, kind, text: `A ${kind}`, author: 'Kim', color: 'violet', votes: i, updatedAt: null, emotionScore: null })))
    journey.unplaced.push({ note: { id: 'shape:loose-text', kind: 'text', text: 'Loose words', author: '', color: 'black', votes: 0, updatedAt: null, emotionScore: null }, reason: 'outside-grid' })
    const records = journeyToRecords(journey)
    validateAll(records)
    for (const kind of kinds) expect(records.find((r) => r.id === `shape:${kind}-1`)).toMatchObject({ type: kind })
    const again = buildJourney(records, OPTIONS)
    expect(essence(again)).toEqual(essence(journey))
  })

  it('lays out the standard grid, whatever the original bounds', () => {
    const moved = sampleBoard().map((r) => (r.id === 'shape:stage-use' ? { ...r, x: (r as ShapeRecord).x + 7, y: 3 } : r))
    const journey = buildJourney(moved, OPTIONS)
    const again = buildJourney(journeyToRecords(journey), OPTIONS)
    const layout = layoutGrid(getTemplate('buyer-journey')!.stages, getTemplate('buyer-journey')!.lanes)
    expect(again.stages.map((s) => s.bounds)).toEqual(layout.stages.map(({ x, y, w, h }) => ({ x, y, w, h })))
  })

  it('prefixes shape ids but keeps stage, lane and note identity', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const records = journeyToRecords(journey, { idPrefix: 'x-' })
    const shapeIds = records.filter(isShapeRecord).map((s) => s.id)
    expect(shapeIds.every((id) => id.startsWith('shape:x-'))).toBe(true)
    expect(shapeIds).toContain('shape:x-a')
    const again = buildJourney(records, OPTIONS)
    expect(again.stages.map((s) => s.id)).toEqual(journey.stages.map((s) => s.id))
  })

  it('gives fresh ids to notes whose ids are empty or taken, and a valid colour to unknown ones', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const cell = journey.cells[0]
    const note = cell.notes[0]
    cell.notes.push({ ...note, id: 'shape:stage-awareness', color: 'magenta' }, { ...note, id: 'a' }, { ...note, id: 'shape:' })
    const records = journeyToRecords(journey)
    validateAll(records)
    const notes = records.filter((r) => isShapeRecord(r) && r.type === 'note') as ShapeRecord[]
    expect(notes.map((n) => n.id).slice(0, 5)).toEqual(['shape:a', 'shape:b', 'shape:note-1', 'shape:note-2', 'shape:note-3'])
    expect(notes[2].props.color).toBe('yellow')
  })

  it('keeps many notes in their cell by scaling them down', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const base = journey.cells[5].notes
    journey.cells[5].notes = Array.from({ length: 30 }, (_, i) => ({ id: `shape:many-${String(i).padStart(2, '0')}`, kind: 'note' as const, text: `n${i}`, author: '', color: 'green', votes: 0, updatedAt: null, emotionScore: null }))
    expect(base).toEqual([])
    const again = buildJourney(journeyToRecords(journey), OPTIONS)
    expect(again.cells[5].notes.map((n) => n.id)).toEqual(journey.cells[5].notes.map((n) => n.id))
  })

  it('moves notes of cells naming unknown stages or lanes beside the grid', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    const stray = { id: 'shape:stray', kind: 'note' as const, text: 'lost', author: '', color: 'red', votes: 0, updatedAt: null, emotionScore: null }
    journey.cells.push({ stageId: 'nope', laneId: 'actions', notes: [stray] })
    const again = buildJourney(journeyToRecords(journey), OPTIONS)
    expect(again.unplaced.map((u) => u.note.id)).toEqual(['shape:e', 'shape:stray'])
  })

  it('is deterministic', () => {
    const journey = buildJourney(sampleBoard(), OPTIONS)
    expect(JSON.stringify(journeyToRecords(journey))).toBe(JSON.stringify(journeyToRecords(structuredClone(journey))))
  })
})

describe('getNoteIndexKey', () => {
  it('continues the seed keys in ascending order', () => {
    const keys = [0, 1, 3843, 3844, 3845, 3844 + 62 ** 3 - 1, 3844 + 62 ** 3, 3844 + 62 ** 3 + 1].map(getNoteIndexKey)
    expect(keys.slice(0, 3)).toEqual([getSeedIndexKey(0), getSeedIndexKey(1), getSeedIndexKey(3843)])
    expect(keys.slice(3)).toEqual(['c000', 'c001', 'czzz', 'd0000', 'd0001'])
    expect([...keys].sort()).toEqual(keys)
    for (const index of keys) validateAll([buildTestNote({ id: 'shape:k', x: 0, y: 0, index })])
  })
})

describe('journeyToRecords ∘ buildJourney (property)', () => {
  const noteArb = fc.record({
    text: fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('😀 great', '🙁 slow', '+1 ok', '−2 awful', '0', ' spaced  \n\n lines '),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    ),
    author: fc.constantFrom('', 'Ann', 'Bo', 'Chen Wei', ' Dee '),
    votes: fc.nat({ max: 20 }),
    color: fc.constantFrom(...TLDRAW_COLORS),
    updatedAt: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: undefined }),
    // Position of the centre in its cell as fractions of the cell; rotation and scale of the note.
    cell: fc.nat(),
    fx: fc.double({ min: 0, max: 1, noNaN: true }),
    fy: fc.double({ min: 0, max: 1, noNaN: true }),
    rotation: fc.constantFrom(0, 0, 0.3, -1.2, Math.PI),
    scale: fc.constantFrom(1, 1, 0.5, 1.5),
  })
  const fieldArb = fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }), fc.constantFrom('Anna', '34 years', 'line one\nline two'))

  it.each(JOURNEY_TEMPLATES.map((t) => [t.id, t] as const))('keeps notes, persona and scope on %s', (_, template) => {
    fc.assert(
      fc.property(
        fc.array(noteArb, { maxLength: 25 }),
        fc.nat({ max: 3 }),
        fc.array(fieldArb, { minLength: PERSONA_FIELDS.length, maxLength: PERSONA_FIELDS.length }),
        fc.array(fieldArb, { minLength: SCOPE_FIELDS.length, maxLength: SCOPE_FIELDS.length }),
        fc.string({ maxLength: 20 }),
        (notes, outsideCount, personaValues, scopeValues, title) => {
          const layout = layoutGrid(template.stages, template.lanes)
          const persona = Object.fromEntries(PERSONA_FIELDS.map((f, i) => [f, personaValues[i]]))
          const scope = Object.fromEntries(SCOPE_FIELDS.map((f, i) => [f, scopeValues[i]]))
          const records: BoardRecord[] = withCards(buildTemplateRecords(template, title), persona, scope)
          notes.forEach((n, i) => {
            const stage = layout.stages[n.cell % layout.stages.length]
            const lane = layout.lanes[Math.floor(n.cell / layout.stages.length) % layout.lanes.length]
            const cx = stage.x + n.fx * stage.w
            const cy = lane.y + n.fy * lane.h
            // Top-left corner such that the rotated note's centre is at (cx, cy).
            const half = 100 * n.scale
            const x = cx - (half * Math.cos(n.rotation) - half * Math.sin(n.rotation))
            const y = cy - (half * Math.sin(n.rotation) + half * Math.cos(n.rotation))
            const meta: Record<string, unknown> = { authorName: n.author, votes: n.votes }
            if (n.updatedAt !== undefined) meta.updatedAt = n.updatedAt
            records.push(buildTestNote({ id: `shape:n${i}`, x, y, rotation: n.rotation, scale: n.scale, text: n.text, color: n.color, meta }))
          })
          for (let i = 0; i < outsideCount; i++) records.push(buildTestNote({ id: `shape:out${i}`, x: -2000 - 300 * i, y: 100 * i, text: `outside ${i}` }))

          const first = buildJourney(records, OPTIONS)
          notes.forEach((n, i) => {
            if (n.fx < 0.01 || n.fx > 0.99 || n.fy < 0.01 || n.fy > 0.99) return // border cases have their own tests
            const stage = template.stages[n.cell % template.stages.length]
            const lane = template.lanes[Math.floor(n.cell / template.stages.length) % template.lanes.length]
            const cell = first.cells.find((c) => c.stageId === stage.id && c.laneId === lane.id)
            expect(cell?.notes.some((note) => note.id === `shape:n${i}`)).toBe(true)
          })
          expect(first.cells.reduce((sum, c) => sum + c.notes.length, 0) + first.unplaced.length).toBe(notes.length + outsideCount)
          const rebuilt = journeyToRecords(first)
          validateAll(rebuilt)
          const second = buildJourney(rebuilt, OPTIONS)
          expect(essence(second)).toEqual(essence(first))
        },
      ),
      { numRuns: 60 },
    )
  })
})
