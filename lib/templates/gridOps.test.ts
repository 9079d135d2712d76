import { describe, expect, it } from 'vitest'
import { buildTestNote } from '../../testing/buildTestNote'
import { buildTemplateRecords } from './buildTemplateRecords'
import { CELL_HEIGHT, CELL_WIDTH } from './gridLayout'
import { GridChangeError, GridEdits, createGridItemId, planGridChange, readGridSpec } from './gridOps'
import { getTemplate } from './journeyTemplates'
import type { BoardRecord } from '../tldraw/records'

const base = () => buildTemplateRecords(getTemplate('buyer-journey')!, 'T')

function apply(records: BoardRecord[], changes: { put: BoardRecord[]; remove: string[] }): BoardRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]))
  for (const id of changes.remove) byId.delete(id)
  for (const r of changes.put) byId.set(r.id, r)
  return [...byId.values()]
}

function noteAt(id: string, x: number, y: number): BoardRecord {
  return buildTestNote({ id, x, y, text: id, index: 'c1' })
}

describe('grid operations', () => {
  it('reads the stages and lanes in visual order', () => {
    const spec = readGridSpec(base())
    expect(spec.stages.map((s) => s.name)).toEqual(getTemplate('buyer-journey')!.stages.map((s) => s.name))
    expect(spec.lanes.map((l) => l.kind)).toEqual(['actions', 'touchpoints', 'thoughts', 'emotions', 'painPoints', 'opportunities'])
  })

  it.each([
    ['rename a stage', (s: ReturnType<typeof readGridSpec>) => GridEdits.renameStage(s, 'use', 'Onboarding'), (n: ReturnType<typeof readGridSpec>) => n.stages[4].name === 'Onboarding'],
    ['add a stage in the middle', (s: ReturnType<typeof readGridSpec>) => GridEdits.addStage(s, 'Delivery', 4), (n: ReturnType<typeof readGridSpec>) => n.stages[4].name === 'Delivery' && n.stages.length === 7],
    ['move a stage left', (s: ReturnType<typeof readGridSpec>) => GridEdits.moveStage(s, 'purchase', -1), (n: ReturnType<typeof readGridSpec>) => n.stages[2].id === 'purchase'],
    ['add a lane', (s: ReturnType<typeof readGridSpec>) => GridEdits.addLane(s, 'KPIs', 'kpis'), (n: ReturnType<typeof readGridSpec>) => n.lanes.at(-1)!.kind === 'kpis'],
    ['move a lane down', (s: ReturnType<typeof readGridSpec>) => GridEdits.moveLane(s, 'actions', 1), (n: ReturnType<typeof readGridSpec>) => n.lanes[1].id === 'actions'],
    ['rename a lane', (s: ReturnType<typeof readGridSpec>) => GridEdits.renameLane(s, 'emotions', 'Feelings'), (n: ReturnType<typeof readGridSpec>) => n.lanes[3].name === 'Feelings'],
  ])('can %s and the board reads back the change', (_name, edit, check) => {
    const records = base()
    const next = edit(readGridSpec(records))
    const after = apply(records, planGridChange(records, next))
    const spec = readGridSpec(after)
    expect(spec).toEqual(next)
    expect(check(spec)).toBe(true)
    const cells = after.filter((r) => (r.meta as { jbRole?: string } | undefined)?.jbRole === 'cell')
    expect(cells).toHaveLength(spec.stages.length * spec.lanes.length)
  })

  it('moves notes with their cell when a stage moves, and keeps grid shapes below notes', () => {
    const records = [...base(), noteAt('shape:in-purchase', 260 + 3 * CELL_WIDTH + 20, 120 + 4 * CELL_HEIGHT + 20)]
    const after = apply(records, planGridChange(records, GridEdits.moveStage(readGridSpec(records), 'purchase', -1)))
    const moved = after.find((r) => r.id === 'shape:in-purchase')!
    expect(moved.x).toBe(260 + 2 * CELL_WIDTH + 20)
    expect(moved.y).toBe(120 + 4 * CELL_HEIGHT + 20)
    const gridIndexes = after.filter((r) => (r.meta as { jbRole?: string } | undefined)?.jbRole === 'cell').map((r) => r.index as string)
    for (const index of gridIndexes) expect(index < 'c1').toBe(true)
  })

  it('refuses to remove a stage that still holds notes, and removes an empty one', () => {
    const records = [...base(), noteAt('shape:n', 260 + 20, 120 + 20)]
    expect(() => planGridChange(records, GridEdits.removeStage(readGridSpec(records), 'awareness'))).toThrow(GridChangeError)
    const after = apply(records, planGridChange(records, GridEdits.removeStage(readGridSpec(records), 'use')))
    expect(readGridSpec(after).stages.map((s) => s.id)).not.toContain('use')
    expect(after.find((r) => r.id === 'shape:cell-use--actions')).toBeUndefined()
  })

  it.each([
    ['Return & loyalty', [], 'return-loyalty'],
    ['Use', ['use'], 'use-2'],
    ['!!!', [], 'item'],
  ])('derives the id of "%s" avoiding %j', (name, taken, expected) => {
    expect(createGridItemId(name, taken)).toBe(expected)
  })
})
