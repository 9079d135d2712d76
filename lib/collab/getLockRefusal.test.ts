import { describe, expect, it } from 'vitest'
import { buildTestNote } from '../../testing/buildTestNote'
import { getLockRefusal, getParentRefusal, getShapeLock, getShapePageCentre, isLaneRegion, isPrivateShape, placeShape, type LockableShape, type LockRefusal, type ShapePlacement } from './getLockRefusal'
import { DEFAULT_LOCK, type LockState } from './session'
import { LANE_LOCK_HALF_WIDTH, toLaneLockRegion } from './sessionLocks'

// The Touchpoints lane (y 580..1040) locked across the page, and a small area around (2000, 2000).
const laneLock = toLaneLockRegion({ laneId: 'touchpoints', minY: 580, maxY: 1040 })
const areaLock = { x: 1900, y: 1900, w: 400, h: 400 }
const regions: LockState = { board: false, regions: [laneLock, areaLock] }
const boardLocked: LockState = { board: true, regions: [] }

const note = (x: number, y: number, meta: Record<string, unknown> = {}, parentId?: string): LockableShape => buildTestNote({ id: 'shape:n', x, y, meta, parentId })
/** A 200 × 200 note at (x, y), with its centre. */
const placed = (x: number, y: number, meta: Record<string, unknown> = {}): ShapePlacement => ({ shape: note(x, y, meta), centre: { x: x + 100, y: y + 100 } })

// A frame whose top-left corner is at (0, 500) on the page, and a grid cell.
const frame = { id: 'shape:frame', typeName: 'shape', type: 'frame', x: 0, y: 500, rotation: 0, parentId: 'page:page', props: { w: 1000, h: 600 }, meta: {} }
const cell = { id: 'shape:cell', typeName: 'shape', type: 'geo', x: 0, y: 580, rotation: 0, parentId: 'page:page', props: { w: 300, h: 460 }, meta: { jbRole: 'cell', jbStageId: 'a', jbLaneId: 'touchpoints' } }
const page = { id: 'page:page', typeName: 'page' }
const lookup = (id: string): unknown => ({ [frame.id]: frame, [cell.id]: cell, [page.id]: page })[id]

describe('getShapeLock (one rule: the page-space centre, on the server and in the browser)', () => {
  it.each<[string, LockableShape, LockState, LockRefusal | undefined]>([
    ['a note in an open lane', note(300, 200), regions, undefined],
    ['a note centred in a locked lane', note(300, 600), regions, 'lane'],
    ['a note anchored above the locked lane, centred in it', note(300, 500), regions, 'lane'],
    ['a note anchored in the locked lane, centred below it', note(300, 1000), regions, undefined],
    ['far left of the grid, still in the locked lane', note(-50_000, 600), regions, 'lane'],
    ['centred on the lane bottom edge (outside: half-open)', note(300, 940), regions, undefined],
    ['a note centred in a locked area', note(2000, 2000), regions, 'area'],
    ['anything while the board is locked', note(300, 200), boardLocked, 'board'],
    ['a stage header', { ...note(300, 0), meta: { jbRole: 'stage', jbId: 'awareness' } }, DEFAULT_LOCK, 'grid'],
    ['a cell', { ...note(300, 120), meta: { jbRole: 'cell', jbStageId: 'a', jbLaneId: 'b' } }, DEFAULT_LOCK, 'grid'],
    ['the persona card (not part of the locked grid)', { ...note(300, 120), meta: { jbRole: 'persona' } }, DEFAULT_LOCK, undefined],
    ['a shape marked locked', note(300, 200, { jbLocked: true }), DEFAULT_LOCK, 'shape'],
    ['a note inside a frame, judged where it lands on the page', note(300, 100, {}, 'shape:frame'), regions, 'lane'],
    ['a note inside a frame, landing in an open lane', note(300, -400, {}, 'shape:frame'), regions, undefined],
    ['a note inside a grid cell, judged where it lands on the page', note(50, 50, {}, 'shape:cell'), regions, 'lane'],
    ['a note whose parent does not exist has no centre (refused by getParentRefusal)', note(300, 600, {}, 'shape:doesnotexist'), regions, undefined],
    ['unvalidated JSON: junk coordinates count as 0', { x: 'left', y: {}, parentId: 'page:page', meta: 'x' }, regions, undefined],
  ])('%s', (_name, shape, lock, expected) => expect(getShapeLock(placeShape(shape, lookup), lock)).toBe(expected))

  it('computes the centre through parents, rotation and scale, from records only', () => {
    expect(getShapePageCentre(note(300, 100, {}, 'shape:frame'), lookup)).toEqual({ x: 400, y: 700 })
    expect(getShapePageCentre({ ...note(0, 0), props: { scale: 2, growY: 100 } } as LockableShape, lookup)).toEqual({ x: 200, y: 300 })
    const rotated = getShapePageCentre({ ...note(0, 0), rotation: Math.PI } as LockableShape, lookup)!
    expect([Math.round(rotated.x), Math.round(rotated.y)]).toEqual([-100, -100])
    expect(getShapePageCentre({ ...frame, props: { w: 10, h: 20 } }, lookup)).toEqual({ x: 5, y: 510 })
    expect(getShapePageCentre(note(0, 0, {}, 'shape:doesnotexist'), lookup)).toBeUndefined()
  })
})

describe('getParentRefusal', () => {
  it.each<[string, unknown, boolean, LockRefusal | undefined]>([
    ['the page', 'page:page', false, undefined],
    ['a page that does not exist', 'page:other', true, 'parent'],
    ['a shape that does not exist', 'shape:doesnotexist', true, 'parent'],
    ['not a string', 42, true, 'parent'],
    ['a frame', 'shape:frame', false, undefined],
    ["a participant's note in a grid cell", 'shape:cell', false, 'grid'],
    ["a facilitator's shape in a grid cell", 'shape:cell', true, undefined],
  ])('%s', (_name, parentId, facilitator, expected) => expect(getParentRefusal(parentId, lookup, facilitator)).toBe(expected))
})

describe('getLockRefusal (the participant rule, before sending)', () => {
  it.each<[string, LockState, ShapePlacement | undefined, ShapePlacement | undefined, LockRefusal | undefined]>([
    ['creating a note in an open lane', regions, undefined, placed(300, 200), undefined],
    ['creating a note in a locked lane', regions, undefined, placed(300, 700), 'lane'],
    ['creating a note in a locked area', regions, undefined, placed(1950, 1950), 'area'],
    ['creating anything on a locked board', boardLocked, undefined, placed(300, 200), 'board'],
    ['creating a note anchored above the locked lane, centred in it', regions, undefined, placed(300, 500), 'lane'],
    ['moving a note into the locked lane', regions, placed(300, 100), placed(300, 700), 'lane'],
    ['moving a note out of the locked lane', regions, placed(300, 700), placed(300, 100), 'lane'],
    ['moving a note within open lanes', regions, placed(300, 100), placed(900, 1200), undefined],
    ['resizing a note so its centre lands in the locked lane', regions, placed(300, 300), { shape: note(300, 300), centre: { x: 400, y: 650 } }, 'lane'],
    ['editing the text of a note centred in the lane, anchored above it', regions, placed(300, 500), placed(300, 500), 'lane'],
    ['editing the text of a note anchored in the lane, centred below it', regions, placed(300, 1000), placed(300, 1000), undefined],
    ['editing the text of a note in the locked lane', regions, placed(300, 700), placed(300, 700), 'lane'],
    ['deleting a note in the locked lane', regions, placed(300, 700), undefined, 'lane'],
    ['deleting a note in an open lane', regions, placed(300, 100), undefined, undefined],
    ['moving my private note out of the locked lane', regions, placed(300, 700, { jbPrivate: true }), placed(300, 100, { jbPrivate: true }), undefined],
    ['moving my private note into the locked lane', regions, placed(300, 100, { jbPrivate: true }), placed(300, 700, { jbPrivate: true }), 'lane'],
    ['editing the text of my private note in the locked lane', regions, placed(300, 700, { jbPrivate: true }), placed(300, 700, { jbPrivate: true }), undefined],
    ['editing the text of my private note on a locked board', boardLocked, placed(300, 700, { jbPrivate: true }), placed(300, 700, { jbPrivate: true }), 'board'],
    ['my private note in the locked lane growing as I type', regions, placed(300, 700, { jbPrivate: true }), { shape: note(300, 700, { jbPrivate: true }), centre: { x: 400, y: 850 } }, undefined],
    ['nudging my private note within the locked lane', regions, placed(300, 700, { jbPrivate: true }), placed(320, 700, { jbPrivate: true }), 'lane'],
    ['deleting my private note in the locked lane', regions, placed(300, 700, { jbPrivate: true }), undefined, undefined],
    ['sharing my private note that sits in the locked lane', regions, placed(300, 700, { jbPrivate: true }), placed(300, 700, { jbPrivate: false }), 'lane'],
    ['moving my private note on a locked board', boardLocked, placed(300, 100, { jbPrivate: true }), placed(350, 100, { jbPrivate: true }), 'board'],
    ['a change with no position known beyond the anchor', regions, { shape: note(300, 100) }, { shape: note(300, 500) }, undefined],
    ['nothing is locked', DEFAULT_LOCK, placed(300, 100), placed(300, 700), undefined],
  ])('%s', (_name, lock, before, after, expected) => expect(getLockRefusal(lock, before, after)).toBe(expected))
})

describe('lock helpers', () => {
  it('tells lane locks (page-wide) from areas', () => {
    expect(isLaneRegion(laneLock)).toBe(true)
    expect(isLaneRegion({ x: -LANE_LOCK_HALF_WIDTH, y: 0, w: LANE_LOCK_HALF_WIDTH, h: 10 })).toBe(false)
    expect(isLaneRegion(areaLock)).toBe(false)
  })

  it('reads the private flag from meta only when it is exactly true', () => {
    expect(isPrivateShape(note(0, 0, { jbPrivate: true }))).toBe(true)
    expect(isPrivateShape(note(0, 0, { jbPrivate: 'true' }))).toBe(false)
    expect(isPrivateShape({ meta: null })).toBe(false)
  })
})
