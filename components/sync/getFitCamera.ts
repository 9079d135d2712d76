import type { TLRecord, TLShape } from 'tldraw'

/** tldraw's defaults for `zoomToFit` (Editor options `zoomToFitPadding`, camera `zoomSteps`). */
const FIT_PADDING_PX = 128
const MIN_ZOOM = 0.05
const MAX_ZOOM = 8
/** tldraw's note size before `growY` and `scale` (NoteShapeUtil display values). */
const NOTE_SIZE = 200

export interface Camera {
  x: number
  y: number
  z: number
}

/** A shape's page-space size from its props; undefined for shapes whose size needs geometry. */
function getSize(shape: TLShape): { w: number; h: number } | undefined {
  const props = shape.props as { w?: unknown; h?: unknown; growY?: unknown; scale?: unknown }
  if (shape.type === 'note') {
    const scale = typeof props.scale === 'number' ? props.scale : 1
    const growY = typeof props.growY === 'number' ? props.growY : 0
    return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + growY) * scale }
  }
  if (typeof props.w === 'number' && typeof props.h === 'number') return { w: props.w, h: props.h }
  return undefined
}

/**
 * The camera `editor.zoomToFit()` would choose for a page, estimated from the records alone (top-level
 * shapes with a size in their props: notes, rectangles, frames, images; rotation included), for a
 * viewport of `viewport` screen pixels. Undefined when no shape has a size.
 *
 * The board sets it before tldraw first renders, so the shapes render once, at the zoom they are
 * shown at: starting at 100 % and fitting afterwards rendered every note a second time (tldraw
 * switches note shadows off below 25 %), about a second of main-thread work on a 4,000-note board.
 * `zoomToFit` still runs once the editor is mounted and corrects any difference.
 */
export function getFitCamera(records: Iterable<TLRecord>, pageId: string, viewport: { w: number; h: number }): Camera | undefined {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const record of records) {
    if (record.typeName !== 'shape' || record.parentId !== pageId) continue
    const size = getSize(record)
    if (!size) continue
    const cos = Math.cos(record.rotation)
    const sin = Math.sin(record.rotation)
    for (const [px, py] of [
      [0, 0],
      [size.w, 0],
      [size.w, size.h],
      [0, size.h],
    ]) {
      const x = record.x + px * cos - py * sin
      const y = record.y + px * sin + py * cos
      minX = Math.min(minX, x)
      minY = Math.min(minY, y)
      maxX = Math.max(maxX, x)
      maxY = Math.max(maxY, y)
    }
  }
  if (minX === Infinity) return undefined
  const w = Math.max(1, maxX - minX)
  const h = Math.max(1, maxY - minY)
  const inset = Math.min(FIT_PADDING_PX, viewport.w * 0.28)
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((viewport.w - inset) / w, (viewport.h - inset) / h)))
  return { x: -minX + (viewport.w - w * z) / 2 / z, y: -minY + (viewport.h - h * z) / 2 / z, z }
}
