import type { Rect } from '../templates/gridLayout'
import { getGridMeta } from '../templates/gridMeta'
import { LANE_LOCK_HALF_WIDTH } from './buildPhaseStart'
import { findLockedRegion, type LockState } from './sessionState'

/** Why a participant may not make a change: a key of `LOCK_REFUSAL_MESSAGES`. */
export type LockRefusal = 'board' | 'grid' | 'shape' | 'lane' | 'area'

/** What participants are told, at once and without blocking, when a lock refuses their change. */
export const LOCK_REFUSAL_MESSAGES: Record<LockRefusal, string> = {
  board: 'The board is locked by the facilitator.',
  grid: 'Only the facilitator can change the journey grid.',
  shape: 'This is locked by the facilitator.',
  lane: 'This lane is locked by the facilitator.',
  area: 'This area is locked by the facilitator.',
}

/**
 * The fields of a shape record the lock rules read: a tldraw shape, or its JSON as a client sent it
 * (hence `unknown`: the server judges unvalidated records and reads them as it always has).
 */
export interface LockableShape {
  x?: unknown
  y?: unknown
  parentId?: unknown
  meta?: unknown
}

/** A shape where it is or would be: its record, and its page-space centre when the caller knows it. */
export interface ShapePlacement {
  shape: LockableShape
  centre?: { x: number; y: number }
}

const GRID_ROLES = new Set(['stage', 'lane', 'cell'])

/** A lane lock spans the whole page width (see buildPhaseStart); any narrower region is an area. */
export function isLaneRegion(region: Rect): boolean {
  return region.w >= 2 * LANE_LOCK_HALF_WIDTH
}

function regionRefusal(regions: readonly Rect[], x: number, y: number): LockRefusal | undefined {
  const region = findLockedRegion(regions, x, y)
  return region && (isLaneRegion(region) ? 'lane' : 'area')
}

function readMeta(shape: LockableShape): Record<string, unknown> {
  return typeof shape.meta === 'object' && shape.meta !== null ? (shape.meta as Record<string, unknown>) : {}
}

/** A note written during private writing and not yet shared: only its writer's device has it. */
export function isPrivateShape(shape: LockableShape): boolean {
  return readMeta(shape).jbPrivate === true
}

/**
 * The server's rule (RoomPolicy): why a participant may not touch this shape record, or undefined
 * when they may. The board is locked; the shape is part of the grid (headers and cells, always
 * locked) or marked `jbLocked`; or it lies on the page with its anchor (`x`, `y`: the top-left
 * corner of an unrotated shape) in a locked region.
 */
export function getShapeLock(shape: LockableShape, lock: LockState): LockRefusal | undefined {
  if (lock.board) return 'board'
  const meta = readMeta(shape)
  const role = getGridMeta(meta)?.jbRole
  if (role && GRID_ROLES.has(role)) return 'grid'
  if (meta.jbLocked === true) return 'shape'
  if (!String(shape.parentId ?? '').startsWith('page:')) return undefined
  return regionRefusal(lock.regions, Number(shape.x), Number(shape.y))
}

/** Whether a change leaves a shape's anchor where it was (a note growing as it is typed in does). */
function isAnchoredInPlace(before: LockableShape, after: LockableShape): boolean {
  return before.parentId === after.parentId && Number(before.x) === Number(after.x) && Number(before.y) === Number(after.y)
}

/**
 * Why a participant's change to one shape is refused before it leaves their device, or undefined
 * when it may go ahead. `before` is absent for a creation, `after` for a deletion.
 *
 * - Whatever the server would undo is refused: the server's rule (`getShapeLock`) on either side.
 * - A shape whose centre would land in a locked region by this change (created, moved or resized
 *   there) is refused too: the journey files a note by its centre, so it would show in the locked
 *   lane. A shape that does not move is not judged by its centre, as the server does not.
 * - A private note is its writer's until it is shared, and the server has never seen it: its
 *   `before` is not judged (it may be moved out of a locked lane, or deleted), and while it stays
 *   private with its anchor in place (its text edited, growing it) only a board lock refuses. Moving it into a locked area,
 *   or sharing it there, is refused like any change.
 */
export function getLockRefusal(lock: LockState, before: ShapePlacement | undefined, after: ShapePlacement | undefined): LockRefusal | undefined {
  const privateBefore = !!before && isPrivateShape(before.shape)
  const judgedBefore = before && !privateBefore ? getShapeLock(before.shape, lock) : undefined
  if (judgedBefore) return judgedBefore
  if (!after) return undefined
  if (privateBefore && isPrivateShape(after.shape) && isAnchoredInPlace(before.shape, after.shape)) return lock.board ? 'board' : undefined
  const judgedAfter = getShapeLock(after.shape, lock)
  if (judgedAfter) return judgedAfter
  const centre = after.centre
  if (!centre) return undefined
  const moved = !before?.centre || before.centre.x !== centre.x || before.centre.y !== centre.y
  return moved ? regionRefusal(lock.regions, centre.x, centre.y) : undefined
}
