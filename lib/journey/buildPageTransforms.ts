import type { ShapeRecord } from '../tldraw/records'

/** A 2D affine transform: a point (x, y) maps to (a·x + c·y + e, b·x + d·y + f). */
export interface Affine {
  a: number
  b: number
  c: number
  d: number
  e: number
  f: number
}

export interface Point {
  x: number
  y: number
}

/** Where a shape's local space sits: its transform to page space and the page it is on. */
export interface PageTransform {
  matrix: Affine
  pageId: string
}

export const IDENTITY: Affine = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }

/** The point `p` of a shape's local space, in its page space. */
export function applyAffine(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f }
}

/** `outer ∘ inner`: apply `inner` first. */
export function multiplyAffine(outer: Affine, inner: Affine): Affine {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  }
}

/** A finite number, or the fallback (records come from untrusted clients). */
export function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

/**
 * A shape's own transform relative to its parent: tldraw rotates a shape by `rotation` radians
 * around its top-left corner, which sits at (x, y) in the parent's space.
 */
export function getLocalTransform(shape: ShapeRecord): Affine {
  const x = finiteOr(shape.x, 0)
  const y = finiteOr(shape.y, 0)
  const rotation = finiteOr(shape.rotation, 0)
  if (rotation === 0) return { a: 1, b: 0, c: 0, d: 1, e: x, f: y }
  const cos = Math.cos(rotation)
  const sin = Math.sin(rotation)
  return { a: cos, b: sin, c: -sin, d: cos, e: x, f: y }
}

const isPageId = (id: unknown): id is string => typeof id === 'string' && id.startsWith('page:')

/**
 * Resolves page transforms of shapes by composing their parents' transforms (groups, frames),
 * memoised so a whole board costs O(shapes). Returns undefined for a shape whose parent chain does
 * not reach a page (missing parent or a cycle). Iterative, so deep hostile nesting cannot overflow
 * the stack.
 */
export function buildPageTransforms(getShape: (id: string) => ShapeRecord | undefined): (shape: ShapeRecord) => PageTransform | undefined {
  const memo = new Map<string, PageTransform | null>()
  return (shape) => {
    // Most shapes sit on the page: no chain to walk, nothing worth remembering.
    if (isPageId(shape.parentId)) return { matrix: getLocalTransform(shape), pageId: shape.parentId }
    const known = memo.get(shape.id)
    if (known !== undefined) return known ?? undefined
    const chain: ShapeRecord[] = []
    const visited = new Set<string>()
    let current: ShapeRecord | undefined = shape
    let base: PageTransform | null
    for (;;) {
      if (!current || visited.has(current.id)) {
        base = null
        break
      }
      const cached = memo.get(current.id)
      if (cached !== undefined) {
        base = cached
        break
      }
      visited.add(current.id)
      chain.push(current)
      if (isPageId(current.parentId)) {
        base = { matrix: IDENTITY, pageId: current.parentId }
        break
      }
      current = typeof current.parentId === 'string' ? getShape(current.parentId) : undefined
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const local = getLocalTransform(chain[i])
      base = base && { matrix: base.matrix === IDENTITY ? local : multiplyAffine(base.matrix, local), pageId: base.pageId }
      memo.set(chain[i].id, base)
    }
    return base ?? undefined
  }
}
