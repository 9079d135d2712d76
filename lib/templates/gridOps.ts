import { toPlainText } from '../tldraw/richText'
import type { BoardRecord, ShapeRecord } from '../tldraw/records'
import { isShapeRecord } from '../tldraw/records'
import { buildGridShapes } from './buildTemplateRecords'
import { getGridMeta } from './gridMeta'
import { layoutGrid } from './gridLayout'
import type { TemplateLane, TemplateStage } from './journeyTemplates'
import type { LaneKind } from './laneKinds'

/** The grid as it stands on a board: stages by x, lanes by y, names from the header text. */
export interface GridSpec {
  stages: TemplateStage[]
  lanes: TemplateLane[]
}

/** What to do to the store: put these records (create or replace), remove these ids. */
export interface RecordChanges {
  put: BoardRecord[]
  remove: string[]
}

export class GridChangeError extends Error {}

/**
 * Grid shapes are re-indexed into the two-digit negative integer range "Y00".."Yzz", below every
 * seeded ("b..") and user-made shape, so notes always stay above the cells they sit in.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
function getGridIndexKey(i: number): string {
  return 'Y' + BASE62[Math.floor(i / 62) % 62] + BASE62[i % 62]
}

/** Reads the stage and lane headers from board records. */
export function readGridSpec(records: readonly BoardRecord[]): GridSpec {
  const stages: (TemplateStage & { x: number })[] = []
  const lanes: (TemplateLane & { y: number })[] = []
  for (const r of records) {
    if (!isShapeRecord(r)) continue
    const meta = getGridMeta(r.meta)
    const name = toPlainText(r.props.richText).trim()
    if (meta?.jbRole === 'stage') stages.push({ id: meta.jbId, name, x: r.x })
    else if (meta?.jbRole === 'lane') lanes.push({ id: meta.jbId, name, kind: meta.jbLaneKind, y: r.y })
  }
  stages.sort((a, b) => a.x - b.x || a.id.localeCompare(b.id))
  lanes.sort((a, b) => a.y - b.y || a.id.localeCompare(b.id))
  return {
    stages: stages.map(({ id, name }) => ({ id, name })),
    lanes: lanes.map(({ id, name, kind }) => ({ id, name, kind })),
  }
}

/** A new id for a stage or lane, derived from its name and unique among `taken`. */
export function createGridItemId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'item'
  let id = base
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`
  return id
}

/**
 * Re-lays the grid for a new stage and lane list (renamed, added, removed or reordered) and moves
 * every note with its cell. A stage or lane that still holds shapes cannot be removed: those notes
 * would be orphaned.
 */
export function planGridChange(records: readonly BoardRecord[], next: GridSpec): RecordChanges {
  const current = readGridSpec(records)
  const oldLayout = layoutGrid(current.stages, current.lanes)
  const newLayout = layoutGrid(next.stages, next.lanes)
  const nextStageIds = new Set(next.stages.map((s) => s.id))
  const nextLaneIds = new Set(next.lanes.map((l) => l.id))
  if (nextStageIds.size !== next.stages.length || nextLaneIds.size !== next.lanes.length) throw new GridChangeError('Stage and lane ids must be unique')
  if (next.stages.length === 0 || next.lanes.length === 0) throw new GridChangeError('A journey needs at least one stage and one lane')

  const newStage = new Map(newLayout.stages.map((s) => [s.id, s]))
  const newLane = new Map(newLayout.lanes.map((l) => [l.id, l]))

  // Every top-level shape that is not part of the grid moves with the cell holding its centre.
  const moves: BoardRecord[] = []
  for (const r of records) {
    if (!isShapeRecord(r) || !r.parentId.startsWith('page:') || getGridMeta(r.meta)) continue
    const { w, h } = approximateSize(r)
    const cx = r.x + w / 2
    const cy = r.y + h / 2
    const stage = oldLayout.stages.find((s) => cx >= s.x && cx < s.x + s.w)
    const lane = oldLayout.lanes.find((l) => cy >= l.y && cy < l.y + l.h)
    if (!stage || !lane) continue
    const ns = newStage.get(stage.id)
    const nl = newLane.get(lane.id)
    if (!ns || !nl) {
      const gone = !ns ? `stage "${stage.name}"` : `lane "${lane.name}"`
      throw new GridChangeError(`The ${gone} still holds notes: move or delete them first`)
    }
    const dx = ns.x - stage.x
    const dy = nl.y - lane.y
    if (dx !== 0 || dy !== 0) moves.push({ ...r, x: r.x + dx, y: r.y + dy })
  }

  const existingGrid = new Map<string, ShapeRecord>()
  for (const r of records) if (isShapeRecord(r) && isGridShape(r)) existingGrid.set(r.id, r)
  const fresh = buildGridShapes(next.stages, next.lanes).map((shape, i) => {
    const before = existingGrid.get(shape.id)
    // Keep each shape's own style (a facilitator may have recoloured a header) but set the geometry.
    const props = before ? { ...before.props, w: shape.props.w, h: shape.props.h, richText: shape.props.richText } : shape.props
    return { ...(before ?? shape), x: shape.x, y: shape.y, meta: shape.meta, props, index: getGridIndexKey(i), isLocked: true }
  })
  const freshIds = new Set(fresh.map((s) => s.id))
  const remove = [...existingGrid.keys()].filter((id) => !freshIds.has(id))
  return { put: [...fresh, ...moves], remove }
}

function isGridShape(r: ShapeRecord): boolean {
  const role = getGridMeta(r.meta)?.jbRole
  return role === 'stage' || role === 'lane' || role === 'cell'
}

/** Width and height of a shape from its props (notes are 200 x (200 + growY), scaled). */
function approximateSize(r: ShapeRecord): { w: number; h: number } {
  const scale = typeof r.props.scale === 'number' ? r.props.scale : 1
  if (r.type === 'note') return { w: 200 * scale, h: (200 + ((r.props.growY as number) || 0)) * scale }
  return { w: (r.props.w as number) || 0, h: ((r.props.h as number) || 0) + ((r.props.growY as number) || 0) }
}

/** Convenience edits on a grid spec, used by the grid editor panel. */
export const GridEdits = {
  renameStage: (spec: GridSpec, id: string, name: string): GridSpec => ({ ...spec, stages: spec.stages.map((s) => (s.id === id ? { ...s, name } : s)) }),
  renameLane: (spec: GridSpec, id: string, name: string): GridSpec => ({ ...spec, lanes: spec.lanes.map((l) => (l.id === id ? { ...l, name } : l)) }),
  addStage: (spec: GridSpec, name: string, at = spec.stages.length): GridSpec => {
    const stage = { id: createGridItemId(name, spec.stages.map((s) => s.id)), name }
    return { ...spec, stages: [...spec.stages.slice(0, at), stage, ...spec.stages.slice(at)] }
  },
  addLane: (spec: GridSpec, name: string, kind: LaneKind = 'custom', at = spec.lanes.length): GridSpec => {
    const lane = { id: createGridItemId(name, spec.lanes.map((l) => l.id)), name, kind }
    return { ...spec, lanes: [...spec.lanes.slice(0, at), lane, ...spec.lanes.slice(at)] }
  },
  moveStage: (spec: GridSpec, id: string, by: -1 | 1): GridSpec => ({ ...spec, stages: moveItem(spec.stages, id, by) }),
  moveLane: (spec: GridSpec, id: string, by: -1 | 1): GridSpec => ({ ...spec, lanes: moveItem(spec.lanes, id, by) }),
  removeStage: (spec: GridSpec, id: string): GridSpec => ({ ...spec, stages: spec.stages.filter((s) => s.id !== id) }),
  removeLane: (spec: GridSpec, id: string): GridSpec => ({ ...spec, lanes: spec.lanes.filter((l) => l.id !== id) }),
}

function moveItem<T extends { id: string }>(items: T[], id: string, by: -1 | 1): T[] {
  const i = items.findIndex((x) => x.id === id)
  const j = i + by
  if (i < 0 || j < 0 || j >= items.length) return items
  const copy = items.slice()
  ;[copy[i], copy[j]] = [copy[j], copy[i]]
  return copy
}
