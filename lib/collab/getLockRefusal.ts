import { NOTE_BASE_SIZE } from '../journey/buildJourney'
import { applyAffine, buildPageTransforms, finiteOr } from '../journey/buildPageTransforms'
import type { Rect } from '../templates/gridLayout'
import { getGridMeta } from '../templates/gridMeta'
import type { ShapeRecord } from '../tldraw/records'
import type { LockState } from './session'
import { findLockedRegion, LANE_LOCK_HALF_WIDTH } from './sessionLocks'

/** Why a participant may not make a change: a key of `LOCK_REFUSAL_MESSAGES`. */
export type LockRefusal = 'board' | 'grid' | 'shape' | 'lane' | 'area' | 'parent'

/** What participants are told, at once and without blocking, when a lock refuses their change. */
export const LOCK_REFUSAL_MESSAGES: Record<LockRefusal, string> = {
  board: 'The board is locked by the facilitator.',
  grid: 'Only the facilitator can change the journey grid.',
  shape: 'This is locked by the facilitator.',
  lane: 'This lane is locked by the facilitator.',
  area: 'This area is locked by the facilitator.',
  parent: 'This cannot be placed there.',
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
 * Where a shape record sits on its page: the centre of its box, through every parent (frames,
 * groups), rotation and scale included. The box is the note's (200 × (200 + growY), times its
 * scale) or `props.w` × `props.h` (+ `growY` for geo shapes); a shape without a size (text, draw,
 * line, arrow) is judged by its anchor. Undefined when the parent chain does not reach a page
 * (a parent that does not exist, or a cycle). Records only, no editor: the browser and the server
 * compute the same point. Costs O(depth of nesting).
 */
export function getShapePageCentre(shape: LockableShape & { id?: unknown; type?: unknown; props?: unknown }, getShape: (id: string) => unknown): { x: number; y: number } | undefined {
  const record = shape as unknown as ShapeRecord
  const transform = buildPageTransforms((id) => {
    const found = getShape(id) as ShapeRecord | undefined
    return found && typeof found === 'object' && found.typeName === 'shape' ? found : undefined
  })(record)
  if (!transform) return undefined
  const props = (typeof record.props === 'object' && record.props !== null ? record.props : {}) as Record<string, unknown>
  const growY = Math.max(0, finiteOr(props.growY, 0))
  let w = 0
  let h = 0
  if (record.type === 'note') {
    const scale = finiteOr(props.scale, 1) > 0 ? finiteOr(props.scale, 1) : 1
    w = NOTE_BASE_SIZE * scale
    h = (NOTE_BASE_SIZE + growY) * scale
  } else if (typeof props.w === 'number' && typeof props.h === 'number') {
    w = finiteOr(props.w, 0)
    h = finiteOr(props.h, 0) + (record.type === 'geo' ? growY : 0)
  }
  return applyAffine(transform.matrix, { x: w / 2, y: h / 2 })
}

/** A shape record where it is or would be, with its page-space centre (see getShapePageCentre). */
export function placeShape(shape: LockableShape, getShape: (id: string) => unknown): ShapePlacement {
  return { shape, centre: getShapePageCentre(shape, getShape) }
}

/**
 * The lock rule, the same on the server (RoomPolicy) and in participants' browsers
 * (registerLockGuard): why a participant may not touch this shape, or undefined when they may. The
 * board is locked; the shape is part of the grid (headers and cells, always locked) or marked
 * `jbLocked`; or its page-space centre (where the journey export files a note, whatever its parent)
 * lies in a locked region. A shape whose centre is unknown is judged by the rest only.
 */
export function getShapeLock(placement: ShapePlacement, lock: LockState): LockRefusal | undefined {
  if (lock.board) return 'board'
  const meta = readMeta(placement.shape)
  const role = getGridMeta(meta)?.jbRole
  if (role && GRID_ROLES.has(role)) return 'grid'
  if (meta.jbLocked === true) return 'shape'
  const centre = placement.centre
  if (!centre || lock.regions.length === 0) return undefined
  return regionRefusal(lock.regions, centre.x, centre.y)
}

/** Shape types that hold other shapes in tldraw: the only shapes a participant may parent to. */
const PARENT_TYPES = new Set(['frame', 'group'])

/**
 * Whether a shape's parent is one its writer may use, or why not ('parent'; a locked parent gives its
 * lock). Everyone needs a parent that exists (a page, or a shape); a participant's parent shape must
 * be a frame or a group that is not part of the grid and not locked. The browser's tldraw never
 * makes other parents; the server (RoomPolicy) refuses them.
 */
export function getParentRefusal(parentId: unknown, getRecord: (id: string) => unknown, isFacilitator: boolean): LockRefusal | undefined {
  if (typeof parentId !== 'string') return 'parent'
  const parent = getRecord(parentId) as { typeName?: unknown; type?: unknown; meta?: unknown } | undefined
  if (!parent || typeof parent !== 'object') return 'parent'
  if (parentId.startsWith('page:')) return parent.typeName === 'page' ? undefined : 'parent'
  if (parent.typeName !== 'shape') return 'parent'
  if (isFacilitator) return undefined
  const meta = readMeta(parent)
  const role = getGridMeta(meta)?.jbRole
  if (role && GRID_ROLES.has(role)) return 'grid'
  if (meta.jbLocked === true) return 'shape'
  return PARENT_TYPES.has(String(parent.type)) ? undefined : 'parent'
}

/** Whether a change leaves a shape's anchor where it was (a note growing as it is typed in does). */
function isAnchoredInPlace(before: LockableShape, after: LockableShape): boolean {
  return before.parentId === after.parentId && Number(before.x) === Number(after.x) && Number(before.y) === Number(after.y)
}

/**
 * Why a participant's change to one shape is refused, or undefined when it may go ahead; the
 * browser asks before the change leaves the device, the server judges what arrives. `before` is
 * absent for a creation, `after` for a deletion. Both sides are judged by `getShapeLock`: a shape
 * whose centre is (or would land, created, moved, resized or grown there) in a locked region may not
 * be touched.
 *
 * A private note is its writer's until it is shared, and the server has never seen it: its
 * `before` is not judged (it may be moved out of a locked lane, or deleted), and while it stays
 * private with its anchor in place (its text edited, growing it) only a board lock refuses. Moving
 * it into a locked area, or sharing it there, is refused like any change.
 */
export function getLockRefusal(lock: LockState, before: ShapePlacement | undefined, after: ShapePlacement | undefined): LockRefusal | undefined {
  const privateBefore = !!before && isPrivateShape(before.shape)
  const judgedBefore = before && !privateBefore ? getShapeLock(before, lock) : undefined
  if (judgedBefore) return judgedBefore
  if (!after) return undefined
  if (privateBefore && isPrivateShape(after.shape) && isAnchoredInPlace(before.shape, after.shape)) return lock.board ? 'board' : undefined
  return getShapeLock(after, lock)
}
