import { isLaneKind, type LaneKind } from './laneKinds'

/**
 * Grid shapes carry their role in `shape.meta`, so the journey model can be read back from the
 * board alone. Order and extent come from geometry (x for stages, y for lanes), not from meta:
 * moving a header is how a stage or lane is reordered.
 */
export type GridMeta =
  | { jbRole: 'stage'; jbId: string }
  | { jbRole: 'lane'; jbId: string; jbLaneKind: LaneKind }
  | { jbRole: 'cell'; jbStageId: string; jbLaneId: string }
  | { jbRole: 'persona' }
  | { jbRole: 'scope' }
  | { jbRole: 'title' }

export type GridRole = GridMeta['jbRole']

/** Reads a shape's grid meta, or undefined for ordinary shapes (notes, drawings) and malformed meta. */
export function getGridMeta(meta: unknown): GridMeta | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined
  const m = meta as Record<string, unknown>
  switch (m.jbRole) {
    case 'stage':
      return typeof m.jbId === 'string' ? { jbRole: 'stage', jbId: m.jbId } : undefined
    case 'lane':
      return typeof m.jbId === 'string'
        ? { jbRole: 'lane', jbId: m.jbId, jbLaneKind: isLaneKind(m.jbLaneKind) ? m.jbLaneKind : 'custom' }
        : undefined
    case 'cell':
      return typeof m.jbStageId === 'string' && typeof m.jbLaneId === 'string'
        ? { jbRole: 'cell', jbStageId: m.jbStageId, jbLaneId: m.jbLaneId }
        : undefined
    case 'persona':
    case 'scope':
    case 'title':
      return { jbRole: m.jbRole }
    default:
      return undefined
  }
}
