import {
  Geometry2d,
  getDisplayValues,
  Group2d,
  NoteShapeUtil,
  Rectangle2d,
  type Geometry2dFilters,
  type TLNoteShape,
  type Vec,
  type VecLike,
} from 'tldraw'

/**
 * A note's text label geometry that is measured only when something asks for it.
 *
 * tldraw measures a note's label in the DOM (rich text to HTML, then a forced layout) as part of its
 * geometry, and the spatial index needs every shape's geometry on the first hover or culling pass:
 * opening a board with 4,000 notes measured 4,000 labels (about 1.2 ms each) before the first frame.
 * The label never counts towards a note's bounds (`excludeFromShapeBounds`), so it can wait until a
 * hit test actually reaches it; the geometry it then delegates to is tldraw's own, unchanged.
 */
export class LazyGeometry2d extends Geometry2d {
  private resolved: Geometry2d | undefined

  constructor(
    private readonly build: () => Geometry2d,
    options: { isLabel: boolean; excludeFromShapeBounds: boolean; isFilled: boolean; isClosed: boolean },
  ) {
    super(options)
  }

  /** The real geometry, built on first use. */
  get target(): Geometry2d {
    return (this.resolved ??= this.build())
  }

  get isResolved(): boolean {
    return this.resolved !== undefined
  }

  override getVertices(filters: Geometry2dFilters): Vec[] {
    return this.target.getVertices(filters)
  }
  override nearestPoint(point: VecLike, filters?: Geometry2dFilters): Vec {
    return this.target.nearestPoint(point, filters)
  }
  override hitTestPoint(point: VecLike, margin?: number, hitInside?: boolean, filters?: Geometry2dFilters): boolean {
    return this.target.hitTestPoint(point, margin, hitInside, filters)
  }
  override distanceToPoint(point: VecLike, hitInside?: boolean, filters?: Geometry2dFilters): number {
    return this.target.distanceToPoint(point, hitInside, filters)
  }
  override distanceToLineSegment(A: VecLike, B: VecLike, filters?: Geometry2dFilters): number {
    return this.target.distanceToLineSegment(A, B, filters)
  }
  override hitTestLineSegment(A: VecLike, B: VecLike, distance?: number, filters?: Geometry2dFilters): boolean {
    return this.target.hitTestLineSegment(A, B, distance, filters)
  }
  override intersectLineSegment(A: VecLike, B: VecLike, filters?: Geometry2dFilters): VecLike[] {
    return this.target.intersectLineSegment(A, B, filters)
  }
  override intersectCircle(center: VecLike, radius: number, filters?: Geometry2dFilters): VecLike[] {
    return this.target.intersectCircle(center, radius, filters)
  }
  override intersectPolygon(polygon: VecLike[], filters?: Geometry2dFilters): VecLike[] {
    return this.target.intersectPolygon(polygon, filters)
  }
  override intersectPolyline(polyline: VecLike[], filters?: Geometry2dFilters): VecLike[] {
    return this.target.intersectPolyline(polyline, filters)
  }
  override interpolateAlongEdge(t: number, filters?: Geometry2dFilters): Vec {
    return this.target.interpolateAlongEdge(t, filters)
  }
  override uninterpolateAlongEdge(point: VecLike, filters?: Geometry2dFilters): number {
    return this.target.uninterpolateAlongEdge(point, filters)
  }
  override isPointInBounds(point: VecLike, margin?: number): boolean {
    return this.target.isPointInBounds(point, margin)
  }
  override overlapsPolygon(polygon: VecLike[]): boolean {
    return this.target.overlapsPolygon(polygon)
  }
  override getBounds() {
    return this.target.bounds.clone()
  }
  override getArea(): number {
    return this.target.area
  }
  override getLength(filters?: Geometry2dFilters): number {
    return this.target.getLength(filters)
  }
  override ignoreHit(point: VecLike): boolean {
    return this.target.ignoreHit(point)
  }
  override toSimpleSvgPath(): string {
    return this.target.toSimpleSvgPath()
  }
  override getSvgPathData(first: boolean): string {
    return this.target.getSvgPathData(first)
  }
}

/**
 * tldraw's note, with the label geometry measured on demand (see LazyGeometry2d). Everything else,
 * including the note body's size and the measured label, is tldraw's: the body follows the same
 * formula as `NoteShapeUtil.getGeometry` (display width, display height plus `growY`, times scale).
 */
export class BoardNoteShapeUtil extends NoteShapeUtil {
  override getGeometry(shape: TLNoteShape): Group2d {
    const dv = getDisplayValues(this, shape)
    const { scale, growY } = shape.props
    const label = new LazyGeometry2d(
      () => {
        const measured = super.getGeometry(shape) as Group2d
        const child = measured.children.find((c) => c.isLabel)
        if (!child) throw new Error('tldraw note geometry without a label')
        return child
      },
      { isLabel: true, excludeFromShapeBounds: true, isFilled: true, isClosed: true },
    )
    return new Group2d({
      children: [new Rectangle2d({ width: dv.noteWidth * scale, height: (dv.noteHeight + growY) * scale, isFilled: true }), label],
    })
  }
}

/** Shape utils the board replaces in tldraw's defaults (pass to both the store and `<Tldraw>`). */
export const BOARD_SHAPE_UTILS = [BoardNoteShapeUtil]
