import { describe, expect, it } from 'vitest'
import { buildTemplateRecords } from './buildTemplateRecords'
import { getGridMeta } from './gridMeta'
import { JOURNEY_TEMPLATES, getTemplate } from './journeyTemplates'
import type { ShapeRecord } from '../tldraw/records'

interface Box {
  id: string
  x: number
  y: number
  w: number
  h: number
}

function boxOf(shape: ShapeRecord): Box {
  return { id: shape.id, x: shape.x, y: shape.y, w: shape.props.w as number, h: shape.props.h as number }
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

function gridShapes(templateId: string) {
  const template = getTemplate(templateId)!
  const shapes = buildTemplateRecords(template, 'T').filter((r): r is ShapeRecord => r.typeName === 'shape')
  const byRole = (role: string) => shapes.filter((s) => getGridMeta(s.meta)?.jbRole === role)
  return { template, shapes, stages: byRole('stage'), lanes: byRole('lane'), cells: byRole('cell') }
}

describe.each(JOURNEY_TEMPLATES.map((t) => t.id))('template %s', (id) => {
  it('has one stage header per stage, one lane header per lane, one cell per pair', () => {
    const { template, stages, lanes, cells } = gridShapes(id)
    expect(stages).toHaveLength(template.stages.length)
    expect(lanes).toHaveLength(template.lanes.length)
    expect(cells).toHaveLength(template.stages.length * template.lanes.length)
  })

  it('tiles a grid with no overlap: cells line up under stages and beside lanes', () => {
    const { stages, lanes, cells } = gridShapes(id)
    const all = [...stages, ...lanes, ...cells].map(boxOf)
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i], all[j]), `${all[i].id} overlaps ${all[j].id}`).toBe(false)
    for (const cell of cells) {
      const meta = getGridMeta(cell.meta)
      if (meta?.jbRole !== 'cell') throw new Error('not a cell')
      const stage = boxOf(stages.find((s) => getGridMeta(s.meta)?.jbRole === 'stage' && (s.meta.jbId === meta.jbStageId))!)
      const lane = boxOf(lanes.find((l) => l.meta.jbId === meta.jbLaneId)!)
      expect(boxOf(cell)).toMatchObject({ x: stage.x, w: stage.w, y: lane.y, h: lane.h })
    }
    // Stages are contiguous left to right, lanes top to bottom: no gaps in the tiling either.
    const xs = stages.map(boxOf).sort((a, b) => a.x - b.x)
    for (let i = 1; i < xs.length; i++) expect(xs[i].x).toBe(xs[i - 1].x + xs[i - 1].w)
    const ys = lanes.map(boxOf).sort((a, b) => a.y - b.y)
    for (let i = 1; i < ys.length; i++) expect(ys[i].y).toBe(ys[i - 1].y + ys[i - 1].h)
  })

  it('locks the grid and leaves the persona, scope and title cards editable', () => {
    const { shapes } = gridShapes(id)
    for (const s of shapes) {
      const role = getGridMeta(s.meta)?.jbRole
      expect(s.isLocked, `${s.id} (${role})`).toBe(role === 'stage' || role === 'lane' || role === 'cell')
    }
    expect(shapes.map((s) => getGridMeta(s.meta)?.jbRole)).toEqual(expect.arrayContaining(['persona', 'scope', 'title']))
  })

  it('is deterministic and uses unique ids and ascending index keys', () => {
    const a = buildTemplateRecords(getTemplate(id)!, 'Same')
    expect(JSON.stringify(buildTemplateRecords(getTemplate(id)!, 'Same'))).toBe(JSON.stringify(a))
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length)
    const indexes = a.filter((r) => r.typeName === 'shape').map((r) => r.index as string)
    expect([...indexes].sort()).toEqual(indexes)
  })
})

describe('the shipped templates', () => {
  it.each([
    ['buyer-journey', ['Awareness', 'Information search', 'Comparing alternatives', 'Purchase', 'Use', 'Return & loyalty'], 6],
    ['phases', ['Awareness', 'Interest', 'Comparison', 'Purchase', 'Usage', 'Feedback', 'Repeat'], 4],
    ['five-stage', ['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy'], 8],
  ])('%s has the agreed stages and %#', (id, stages, laneCount) => {
    const t = getTemplate(id)!
    expect(t.stages.map((s) => s.name)).toEqual(stages)
    expect(t.lanes).toHaveLength(laneCount)
  })

  it('five-stage adds Drivers and KPIs to the buyer-journey lanes', () => {
    const buyer = getTemplate('buyer-journey')!.lanes.map((l) => l.name)
    expect(getTemplate('five-stage')!.lanes.map((l) => l.name)).toEqual([...buyer, 'Drivers', 'KPIs'])
  })
})
