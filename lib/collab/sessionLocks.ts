import type { Rect } from '../templates/gridLayout'
import { getGridMeta } from '../templates/gridMeta'
import { isShapeRecord, type BoardRecord } from '../tldraw/records'
import type { LockState } from './session'

/**
 * Locks (the `lock` key of the session contract, session.ts): the changes that lock the board or
 * regions of it, the regions a lane lock covers, and whether a point lies in one.
 */

/** Locks or unlocks the whole board, keeping the locked regions. */
export function buildBoardLock(lock: LockState, board: boolean): { lock: LockState } {
  return { lock: { ...lock, board } }
}

/** Locks one more region. */
export function buildRegionLock(lock: LockState, region: Rect): { lock: LockState } {
  return { lock: { ...lock, regions: [...lock.regions, { x: region.x, y: region.y, w: region.w, h: region.h }] } }
}

/** Unlocks every region equal to `region` (a lane's band, say). */
export function buildRegionUnlock(lock: LockState, region: Rect): { lock: LockState } {
  return { lock: { ...lock, regions: lock.regions.filter((r) => !isSameRect(r, region)) } }
}

/** Unlocks every region (a board lock stays). */
export function buildRegionsUnlockAll(lock: LockState): { lock: LockState } {
  return { lock: { ...lock, regions: [] } }
}

/** Whether two rects are the same region. */
export function isSameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h
}

/** A lane's vertical extent on the page (its header's top and bottom). */
export interface LaneBand {
  laneId: string
  minY: number
  maxY: number
}

/**
 * Half the width of a lane lock, page units: far wider than any board, so a locked lane covers
 * everything beside the grid too (notes parked left or right of it).
 */
export const LANE_LOCK_HALF_WIDTH = 100_000

/** The locked region that covers one lane: its band, across the whole page. */
export function toLaneLockRegion(band: LaneBand): Rect {
  return { x: -LANE_LOCK_HALF_WIDTH, y: band.minY, w: 2 * LANE_LOCK_HALF_WIDTH, h: band.maxY - band.minY }
}

/** Each lane's band, read from the lane headers (page-level, unrotated shapes with `props.h`). */
export function getLaneBands(records: readonly BoardRecord[]): LaneBand[] {
  return records.flatMap((r) => {
    const meta = isShapeRecord(r) ? getGridMeta(r.meta) : undefined
    if (!isShapeRecord(r) || meta?.jbRole !== 'lane') return []
    return [{ laneId: meta.jbId, minY: r.y, maxY: r.y + Number(r.props.h ?? 0) }]
  })
}

/** The first locked region holding a point (half-open: a region's right and bottom edges are outside it). */
export function findLockedRegion(regions: readonly Rect[], x: number, y: number): Rect | undefined {
  return regions.find((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
}

/** Whether a point lies in any locked region. */
export function isInLockedRegion(regions: readonly Rect[], x: number, y: number): boolean {
  return findLockedRegion(regions, x, y) !== undefined
}
