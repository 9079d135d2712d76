import type { Point } from './buildPageTransforms'

/** An axis-aligned box by its edges. */
export interface Box {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/**
 * Area of a convex polygon (such as a rotated note) inside an axis-aligned box, by clipping the
 * polygon against the box's four edges (Sutherland–Hodgman) and taking the shoelace area.
 * Square tldraw units; 0 when they do not overlap.
 */
export function getClippedArea(polygon: readonly Point[], box: Box): number {
  let points: Point[] = [...polygon]
  points = clip(points, (p) => p.x - box.minX, (p, q) => lerpAtX(p, q, box.minX))
  points = clip(points, (p) => box.maxX - p.x, (p, q) => lerpAtX(p, q, box.maxX))
  points = clip(points, (p) => p.y - box.minY, (p, q) => lerpAtY(p, q, box.minY))
  points = clip(points, (p) => box.maxY - p.y, (p, q) => lerpAtY(p, q, box.maxY))
  let twice = 0
  for (let i = 0; i < points.length; i++) {
    const p = points[i]
    const q = points[(i + 1) % points.length]
    twice += p.x * q.y - q.x * p.y
  }
  return Math.abs(twice) / 2
}

/** Keeps the part of the polygon where `inside(p) >= 0`. */
function clip(points: Point[], inside: (p: Point) => number, cross: (p: Point, q: Point) => Point): Point[] {
  const out: Point[] = []
  for (let i = 0; i < points.length; i++) {
    const p = points[i]
    const q = points[(i + 1) % points.length]
    const pIn = inside(p) >= 0
    const qIn = inside(q) >= 0
    if (pIn) out.push(p)
    if (pIn !== qIn) out.push(cross(p, q))
  }
  return out
}

function lerpAtX(p: Point, q: Point, x: number): Point {
  const t = (x - p.x) / (q.x - p.x)
  return { x, y: p.y + t * (q.y - p.y) }
}

function lerpAtY(p: Point, q: Point, y: number): Point {
  const t = (y - p.y) / (q.y - p.y)
  return { x: p.x + t * (q.x - p.x), y }
}
