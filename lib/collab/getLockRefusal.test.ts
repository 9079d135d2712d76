import { describe, expect, it } from 'vitest'
import { buildTestNote } from '../journey/buildTestNote'
import { LANE_LOCK_HALF_WIDTH, toLaneLockRegion } from './buildPhaseStart'
import { getLockRefusal, getShapeLock, isLaneRegion, isPrivateShape, type LockableShape, type LockRefusal, type ShapePlacement } from './getLockRefusal'
import { DEFAULT_LOCK, type LockState } from './sessionState'

// The Touchpoints lane (y 580..1040) locked across the page, and a small area around (2000, 2000).
const laneLock = toLaneLockRegion({ laneId: 'touchpoints', minY: 580, maxY: 1040 })
const areaLock = { x: 1900, y: 1900, w: 400, h: 400 }
const regions: LockState = { board: false, regions: [laneLock, areaLock] }
const boardLocked: LockState = { board: true, regions: [] }

const note = (x: number, y: number, meta: Record<string, unknown> = {}, parentId?: string): LockableShape => buildTestNote({ id: 'shape:n', x, y, meta, parentId })
/** A 200 × 200 note at (x, y), with its centre. */
const placed = (x: number, y: number, meta: Record<string, unknown> = {}): ShapePlacement => ({ shape: note(x, y, meta), centre: { x: x + 100, y: y + 100 } })

describe('getShapeLock (the server rule)', () => {
  it.each<[string, LockableShape, LockState, LockRefusal | undefined]>([
    ['a note in an open lane', note(300, 200), regions, undefined],
    ['a note anchored in a locked lane', note(300, 600), regions, 'lane'],
    ['far left of the grid, still in the locked lane', note(-50_000, 600), regions, 'lane'],
    ['on the lane bottom edge (outside: half-open)', note(300, 1040), regions, undefined],
    ['a note anchored in a locked area', note(2000, 2000), regions, 'area'],
    ['anything while the board is locked', note(300, 200), boardLocked, 'board'],
    ['a stage header', { ...note(300, 0), meta: { jbRole: 'stage', jbId: 'awareness' } }, DEFAULT_LOCK, 'grid'],
    ['a cell', { ...note(300, 120), meta: { jbRole: 'cell', jbStageId: 'a', jbLaneId: 'b' } }, DEFAULT_LOCK, 'grid'],
    ['the persona card (not part of the locked grid)', { ...note(300, 120), meta: { jbRole: 'persona' } }, DEFAULT_LOCK, undefined],
    ['a shape marked locked', note(300, 200, { jbLocked: true }), DEFAULT_LOCK, 'shape'],
    ['a shape inside a frame: its local anchor is not judged', note(300, 600, {}, 'shape:frame'), regions, undefined],
    ['unvalidated JSON: numeric strings count', { x: '300', y: '600', parentId: 'page:page', meta: null }, regions, 'lane'],
    ['unvalidated JSON: junk coordinates are no position', { x: 'left', y: {}, parentId: 'page:page', meta: 'x' }, regions, undefined],
  ])('%s', (_name, shape, lock, expected) => expect(getShapeLock(shape, lock)).toBe(expected))
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
    ['editing the text of a note that already straddles the lane edge', regions, placed(300, 500), placed(300, 500), undefined],
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
