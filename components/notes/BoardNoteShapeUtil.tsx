import { memo, useCallback, useSyncExternalStore } from 'react'
import {
  Geometry2d,
  getDisplayValues,
  Group2d,
  NoteShapeUtil,
  Rectangle2d,
  isPageId,
  react,
  useStateTracking,
  useSvgExportContext,
  type Geometry2dFilters,
  type TLNoteShape,
  type Vec,
  type VecLike,
} from 'tldraw'
import { toPlainText } from '../../lib/tldraw/richText'
import { getGreekedTextBox, GREEKED_LINE_OPACITY, scaleGreekedLines } from './getGreekedTextBox'
import { getNoteShadow, isRichTextEmpty, NoteAttribution, StaticNoteLabel, type NoteLabelStyle } from './tldrawNoteInternals'
import { hasInteractiveText } from './noteGreeking'
import { useNoteViewState } from './useNoteViewState'

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
 * tldraw's note, with the label geometry measured on demand (see LazyGeometry2d) and a static label
 * for notes nobody is about to edit (see BoardNote). Everything else, including the note body's size
 * and the measured label, is tldraw's: the body follows the same formula as
 * `NoteShapeUtil.getGeometry` (display width, display height plus `growY`, times scale).
 */
export class BoardNoteShapeUtil extends NoteShapeUtil {
  override component(shape: TLNoteShape) {
    return <BoardNote util={this} shape={shape} />
  }

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

/**
 * A note: tldraw's component while the note can be edited (getLiveNoteIds), has a link (tldraw's
 * label opens links on click) or a URL button, or in an SVG export; otherwise the same container,
 * shadow and attribution with a static label (StaticNoteLabel). tldraw 5.1.1 renders every note's
 * label through `renderHtmlFromRichText` (a TipTap schema and HTML document per note, ~0.5 ms each)
 * and subscribes every label to the editing state: about 2 s for a board of 4,000 notes.
 */
function BoardNote({ util, shape }: { util: BoardNoteShapeUtil; shape: TLNoteShape }) {
  const exporting = useSvgExportContext()
  const view = useNoteViewState(util, shape)
  if (view.live || exporting || hasInteractiveText(shape)) return <TldrawNote util={util} shape={shape} />
  return <StaticNote util={util} shape={shape} hideShadows={view.hideShadows} colorMode={view.colorMode} greekText={view.greekText} />
}

/** tldraw's own note component, tracking what it reads as tldraw's shape wrapper does. */
function TldrawNote({ util, shape }: { util: BoardNoteShapeUtil; shape: TLNoteShape }) {
  return useStateTracking('BoardNote:tldraw', () => NoteShapeUtil.prototype.component.call(util, shape), [util, shape.id])
}

/** For a note directly on a page: nothing to follow, its page rotation is its own. */
const subscribeNowhere = () => () => {}

/**
 * tldraw's note container (`NoteShapeUtil.component` in tldraw 5.1.1: size, colour, shadow or
 * zoomed-out border, attribution) around a StaticNoteLabel, or around GreekedNoteText when the text
 * is too small to read (useNoteViewState); the attribution, smaller still, is then left out.
 */
function StaticNote({
  util,
  shape,
  hideShadows,
  colorMode,
  greekText,
}: {
  util: BoardNoteShapeUtil
  shape: TLNoteShape
  hideShadows: boolean
  colorMode: 'light' | 'dark'
  greekText: boolean
}) {
  const editor = util.editor
  const { id, props } = shape
  const { scale, richText, fontSizeAdjustment, textFirstEditedBy } = props
  // The shadow follows the page rotation; only a note inside a frame or group needs to watch it.
  const nested = !isPageId(shape.parentId)
  const subscribeRotation = useCallback(
    (onChange: () => void) => react('note rotation', () => (editor.getShapePageTransform(id), onChange())),
    [editor, id],
  )
  const rotation = useSyncExternalStore(nested ? subscribeRotation : subscribeNowhere, () =>
    nested ? (editor.getShapePageTransform(id)?.rotation() ?? 0) : shape.rotation,
  )
  const dv = getDisplayValues(util, shape, colorMode)
  const isEmpty = isRichTextEmpty(richText)
  const height = dv.noteHeight + props.growY
  const label: NoteLabelStyle = {
    fontSize: (fontSizeAdjustment ?? 1) * dv.labelFontSize,
    lineHeight: dv.labelLineHeight,
    textAlign: dv.labelHorizontalAlign,
    verticalAlign: dv.labelVerticalAlign,
    padding: dv.labelPadding,
    color: dv.labelColor,
  }
  return (
    <div
      id={id}
      className="tl-note__container"
      style={{
        width: dv.noteWidth * scale,
        height: height * scale,
        backgroundColor: dv.noteBackgroundColor,
        borderBottom: hideShadows ? `${dv.borderWidth * scale}px solid ${dv.borderColor}` : 'none',
        boxShadow: hideShadows ? 'none' : getNoteShadow(id, rotation, scale),
      }}
    >
      {greekText && !isEmpty && <GreekedNoteText richText={richText} width={dv.noteWidth} height={height} scale={scale} {...label} />}
      {!greekText && textFirstEditedBy && !isEmpty && <NoteAttribution editor={editor} userId={textFirstEditedBy} scale={scale} color={dv.labelColor} />}
      {!greekText && !isEmpty && (
        <StaticNoteLabel
          richText={richText}
          fontFamily={dv.labelFontFamily}
          {...label}
          style={scale !== 1 ? { transform: `scale(${scale})`, transformOrigin: 'top left', width: dv.noteWidth, height } : undefined}
        />
      )}
    </div>
  )
}

/**
 * A note's text as lines (getGreekedTextBox): one element whose background draws a bar per line, in
 * the text colour, faded. Marked with `data-greeked` for tests.
 */
const GreekedNoteText = memo(function GreekedNoteText({
  richText,
  width,
  height,
  scale,
  color,
  ...metrics
}: NoteLabelStyle & {
  richText: TLNoteShape['props']['richText']
  width: number
  height: number
  scale: number
}) {
  const box = getGreekedTextBox({ text: toPlainText(richText), width, height, ...metrics })
  if (!box) return null
  const { left, top, width: barWidth, count, pitch, barHeight: bar } = scaleGreekedLines(box, scale)
  return (
    <div
      data-greeked
      aria-hidden
      style={{
        position: 'absolute',
        left,
        top,
        width: barWidth,
        height: (count - 1) * pitch + bar,
        opacity: GREEKED_LINE_OPACITY,
        backgroundImage: `repeating-linear-gradient(to bottom, ${color} 0 ${bar}px, transparent ${bar}px ${pitch}px)`,
      }}
    />
  )
})

/** Shape utils the board replaces in tldraw's defaults (pass to both the store and `<Tldraw>`). */
export const BOARD_SHAPE_UTILS = [BoardNoteShapeUtil]
