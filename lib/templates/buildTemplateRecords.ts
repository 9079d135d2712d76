import { getSeedIndexKey } from '../tldraw/indexKeys'
import { toRichText } from '../tldraw/richText'
import { buildDocumentRecords, DEFAULT_PAGE_ID, type BoardRecord, type ShapeRecord } from '../tldraw/records'
import type { GridMeta } from './gridMeta'
import {
  CARD_GAP,
  layoutGrid,
  PERSONA_CARD_HEIGHT,
  PERSONA_CARD_WIDTH,
  SCOPE_CARD_HEIGHT,
  type Rect,
} from './gridLayout'
import type { JourneyTemplate, TemplateLane, TemplateStage } from './journeyTemplates'

/** Field labels of the persona card; the journey model reads "Label: value" lines back. */
export const PERSONA_FIELDS = ['Name', 'Age', 'Job', 'Description', 'Goals', 'Motives', 'Barriers'] as const
/** Field labels of the goal and scope card. */
export const SCOPE_FIELDS = ['Goal', 'Segment', 'Time scale', 'KPIs'] as const
export const PERSONA_CARD_HEADING = 'Persona'
export const SCOPE_CARD_HEADING = 'Goal & scope'

type GeoStyle = { color: string; fill: string; dash: string; size: string; align: string; verticalAlign: string }

const STAGE_STYLE: GeoStyle = { color: 'light-blue', fill: 'solid', dash: 'solid', size: 'l', align: 'middle', verticalAlign: 'middle' }
const LANE_STYLE: GeoStyle = { color: 'light-violet', fill: 'solid', dash: 'solid', size: 'm', align: 'middle', verticalAlign: 'middle' }
const CELL_STYLE: GeoStyle = { color: 'grey', fill: 'none', dash: 'dotted', size: 's', align: 'middle', verticalAlign: 'middle' }
const CARD_STYLE: GeoStyle = { color: 'violet', fill: 'semi', dash: 'solid', size: 'm', align: 'start', verticalAlign: 'start' }

/** A locked or unlocked rectangle with a label, as a tldraw `geo` shape record. */
export function buildGeoShape(
  id: string,
  index: string,
  rect: Rect,
  text: string,
  style: GeoStyle,
  meta: GridMeta,
  isLocked: boolean,
): ShapeRecord {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x: rect.x,
    y: rect.y,
    rotation: 0,
    index,
    parentId: DEFAULT_PAGE_ID,
    isLocked,
    opacity: 1,
    meta: { ...meta },
    props: {
      geo: 'rectangle',
      dash: style.dash,
      url: '',
      w: rect.w,
      h: rect.h,
      growY: 0,
      scale: 1,
      labelColor: 'black',
      color: style.color,
      fill: style.fill,
      size: style.size,
      font: 'sans',
      align: style.align,
      verticalAlign: style.verticalAlign,
      richText: toRichText(text),
    },
  }
}

/** Stable shape ids, so grid operations and exports can find the same shape again. */
export const getStageShapeId = (stageId: string) => `shape:stage-${stageId}`
export const getLaneShapeId = (laneId: string) => `shape:lane-${laneId}`
export const getCellShapeId = (stageId: string, laneId: string) => `shape:cell-${stageId}--${laneId}`
export const PERSONA_SHAPE_ID = 'shape:persona-card'
export const SCOPE_SHAPE_ID = 'shape:scope-card'
export const TITLE_SHAPE_ID = 'shape:board-title'

/**
 * The locked grid shapes (stage headers, lane headers, visible cells) for a stage and lane list.
 * Cells sit lowest, so notes placed later are always above them.
 */
export function buildGridShapes(stages: readonly TemplateStage[], lanes: readonly TemplateLane[]): ShapeRecord[] {
  const layout = layoutGrid(stages, lanes)
  const shapes: ShapeRecord[] = []
  let next = 0
  for (const lane of layout.lanes) {
    for (const stage of layout.stages) {
      shapes.push(
        buildGeoShape(
          getCellShapeId(stage.id, lane.id),
          getSeedIndexKey(next++),
          { x: stage.x, y: lane.y, w: stage.w, h: lane.h },
          '',
          CELL_STYLE,
          { jbRole: 'cell', jbStageId: stage.id, jbLaneId: lane.id },
          true,
        ),
      )
    }
  }
  for (const stage of layout.stages) {
    shapes.push(
      buildGeoShape(getStageShapeId(stage.id), getSeedIndexKey(next++), stage, stage.name, STAGE_STYLE, { jbRole: 'stage', jbId: stage.id }, true),
    )
  }
  for (const lane of layout.lanes) {
    shapes.push(
      buildGeoShape(
        getLaneShapeId(lane.id),
        getSeedIndexKey(next++),
        lane,
        lane.name,
        LANE_STYLE,
        { jbRole: 'lane', jbId: lane.id, jbLaneKind: lane.kind },
        true,
      ),
    )
  }
  return shapes
}

/** Card text: a heading line, then one "Label: " line per field for people to fill in. */
export function buildCardText(heading: string, fields: readonly string[], values: Record<string, string> = {}): string {
  return [heading, ...fields.map((f) => `${f}: ${values[f] ?? ''}`)].join('\n')
}

/**
 * All records of a new board: document, page, the locked grid, and the persona, goal/scope and title
 * cards beside it. Deterministic: the same template and title always give the same records.
 */
export function buildTemplateRecords(template: JourneyTemplate, title: string): BoardRecord[] {
  const grid = buildGridShapes(template.stages, template.lanes)
  const layout = layoutGrid(template.stages, template.lanes)
  let next = grid.length
  const persona = buildGeoShape(
    PERSONA_SHAPE_ID,
    getSeedIndexKey(next++),
    { x: -(PERSONA_CARD_WIDTH + CARD_GAP), y: 0, w: PERSONA_CARD_WIDTH, h: PERSONA_CARD_HEIGHT },
    buildCardText(PERSONA_CARD_HEADING, PERSONA_FIELDS),
    CARD_STYLE,
    { jbRole: 'persona' },
    false,
  )
  const scope = buildGeoShape(
    SCOPE_SHAPE_ID,
    getSeedIndexKey(next++),
    { x: 0, y: -(SCOPE_CARD_HEIGHT + CARD_GAP), w: Math.min(layout.bounds.w, 1400), h: SCOPE_CARD_HEIGHT },
    buildCardText(SCOPE_CARD_HEADING, SCOPE_FIELDS),
    { ...CARD_STYLE, color: 'light-blue' },
    { jbRole: 'scope' },
    false,
  )
  const titleShape: ShapeRecord = {
    id: TITLE_SHAPE_ID,
    typeName: 'shape',
    type: 'text',
    x: 0,
    y: -(SCOPE_CARD_HEIGHT + CARD_GAP) - 120,
    rotation: 0,
    index: getSeedIndexKey(next++),
    parentId: DEFAULT_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: { jbRole: 'title' },
    props: { color: 'black', size: 'xl', font: 'sans', textAlign: 'start', w: 1200, richText: toRichText(title), scale: 1, autoSize: true },
  }
  return [...buildDocumentRecords(), ...grid, persona, scope, titleShape]
}
