import { describe, expect, it } from 'vitest'
import { buildTemplateRecords } from '../templates/buildTemplateRecords'
import { getTemplate } from '../templates/journeyTemplates'
import { buildJourney } from './buildJourney'
import { buildTestNote } from '../../testing/buildTestNote'
import type { JourneyMap } from './journeySchema'
import { formatPath, parseJourney } from './parseJourney'

function validJourney(): JourneyMap {
  const records = [
    ...buildTemplateRecords(getTemplate('phases')!, 'Phases'),
    buildTestNote({ id: 'shape:a', x: 300, y: 150, text: 'hello', meta: { authorName: 'Ann', votes: 1, updatedAt: 5 } }),
    buildTestNote({ id: 'shape:b', x: -900, y: 0, text: 'outside' }),
  ]
  return buildJourney(records, { boardId: 'b1', exportedAt: '2025-01-01T12:00:00.000+02:00', template: 'phases' })
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation breaks the journey's type on purpose
type Mutation = (j: any) => void

describe('parseJourney', () => {
  it('accepts what buildJourney produces, unchanged', () => {
    const j = validJourney()
    const parsed = parseJourney(JSON.parse(JSON.stringify(j)))
    expect(parsed).toEqual({ ok: true, journey: j })
  })

  it('reads a note without `kind` (a file from before kinds) as a sticky note', () => {
    const j = JSON.parse(JSON.stringify(validJourney()))
    delete j.cells[0].notes[0].kind
    const parsed = parseJourney(j)
    expect(parsed.ok && parsed.journey.cells[0].notes[0].kind).toBe('note')
  })

  it('drops unknown keys', () => {
    const parsed = parseJourney({ ...validJourney(), extra: 1 })
    expect(parsed.ok && 'extra' in parsed.journey).toBe(false)
  })

  const cases: { name: string; mutate: Mutation; path: string; message?: RegExp }[] = [
    { name: 'wrong schema version', mutate: (j) => (j.schemaVersion = 2), path: 'schemaVersion' },
    { name: 'missing title', mutate: (j) => delete j.title, path: 'title' },
    { name: 'stage name not a string', mutate: (j) => (j.stages[2].name = 7), path: 'stages[2].name', message: /expected string/ },
    { name: 'negative stage order', mutate: (j) => (j.stages[0].order = -1), path: 'stages[0].order' },
    { name: 'unknown lane kind', mutate: (j) => (j.lanes[1].kind = 'feelings'), path: 'lanes[1].kind' },
    { name: 'bounds missing', mutate: (j) => delete j.lanes[0].bounds.h, path: 'lanes[0].bounds.h' },
    { name: 'unknown note kind', mutate: (j) => (j.cells[0].notes[0].kind = 'sticker'), path: 'cells[0].notes[0].kind' },
    { name: 'fractional votes', mutate: (j) => (j.cells[0].notes[0].votes = 1.5), path: 'cells[0].notes[0].votes' },
    { name: 'emotion score out of range', mutate: (j) => (j.cells[0].notes[0].emotionScore = 3), path: 'cells[0].notes[0].emotionScore' },
    { name: 'updatedAt as a string', mutate: (j) => (j.cells[0].notes[0].updatedAt = '2025-01-01'), path: 'cells[0].notes[0].updatedAt' },
    { name: 'curve score out of range', mutate: (j) => (j.emotionCurve[0].score = -2.5), path: 'emotionCurve[0].score' },
    { name: 'unknown unplaced reason', mutate: (j) => (j.unplaced[0].reason = 'lost'), path: 'unplaced[0].reason' },
    { name: 'exportedAt not ISO', mutate: (j) => (j.meta.exportedAt = 'yesterday'), path: 'meta.exportedAt' },
    { name: 'persona field missing', mutate: (j) => delete j.persona.goals, path: 'persona.goals' },
    { name: 'duplicate stage id', mutate: (j) => (j.stages[1].id = j.stages[0].id), path: 'stages[1]', message: /Duplicate stage id "awareness"/ },
    { name: 'cell naming an unknown stage', mutate: (j) => (j.cells[3].stageId = 'nope'), path: 'cells[3].stageId', message: /Unknown stage id "nope"/ },
    { name: 'cell naming an unknown lane', mutate: (j) => (j.cells[3].laneId = 'nope'), path: 'cells[3].laneId' },
    { name: 'duplicate cell', mutate: (j) => (j.cells[1] = { ...j.cells[0], notes: [] }), path: 'cells[1]', message: /Duplicate cell/ },
    { name: 'duplicate note id', mutate: (j) => (j.unplaced[0].note.id = 'shape:a'), path: 'unplaced[0].note.id', message: /Duplicate note id/ },
  ]
  it.each(cases)('$name → $path', ({ mutate, path, message }) => {
    const j = JSON.parse(JSON.stringify(validJourney()))
    mutate(j)
    const parsed = parseJourney(j)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.issues.map((i) => i.path)).toContain(path)
    if (message) expect(parsed.issues.find((i) => i.path === path)?.message).toMatch(message)
  })

  const notObjects: unknown[] = [null, undefined, 'journey', 42, []]
  it.each(notObjects)('rejects %j with a root issue', (value) => {
    const parsed = parseJourney(value)
    expect(parsed).toMatchObject({ ok: false, issues: [{ path: '' }] })
  })
})

describe('formatPath', () => {
  const cases: [PropertyKey[], string][] = [
    [[], ''],
    [['title'], 'title'],
    [['stages', 2, 'name'], 'stages[2].name'],
    [['cells', 0, 'notes', 1, 'id'], 'cells[0].notes[1].id'],
    [['weird key'], '["weird key"]'],
    [['a', 'b-c'], 'a["b-c"]'],
  ]
  it.each(cases)('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text)
  })
})
