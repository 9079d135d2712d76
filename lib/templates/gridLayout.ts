import type { TemplateLane, TemplateStage } from './journeyTemplates'

/** Page-space sizes of the journey grid, in tldraw units (px at 100% zoom). */
export const LANE_HEADER_WIDTH = 260
export const STAGE_HEADER_HEIGHT = 120
/** A cell fits two by two default sticky notes (200 x 200) with margins. */
export const CELL_WIDTH = 520
export const CELL_HEIGHT = 460
export const PERSONA_CARD_WIDTH = 440
export const PERSONA_CARD_HEIGHT = 700
export const CARD_GAP = 40
export const SCOPE_CARD_HEIGHT = 340

/**
 * The largest grid a board holds: its cells, headers and cards take one seed index key each, and
 * there are 3,844 (see getSeedIndexKey). An import past it is refused with the reason.
 */
export const MAX_GRID_STAGES = 50
export const MAX_GRID_LANES = 50

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

export interface GridLayout {
  stages: (TemplateStage & Rect)[]
  lanes: (TemplateLane & Rect)[]
  /** The whole grid including headers. */
  bounds: Rect
}

/** Places stages left to right and lanes top to bottom, starting at the page origin. */
export function layoutGrid(stages: readonly TemplateStage[], lanes: readonly TemplateLane[]): GridLayout {
  const gridHeight = STAGE_HEADER_HEIGHT + lanes.length * CELL_HEIGHT
  return {
    stages: stages.map((s, i) => ({
      ...s,
      x: LANE_HEADER_WIDTH + i * CELL_WIDTH,
      y: 0,
      w: CELL_WIDTH,
      h: STAGE_HEADER_HEIGHT,
    })),
    lanes: lanes.map((l, j) => ({
      ...l,
      x: 0,
      y: STAGE_HEADER_HEIGHT + j * CELL_HEIGHT,
      w: LANE_HEADER_WIDTH,
      h: CELL_HEIGHT,
    })),
    bounds: { x: 0, y: 0, w: LANE_HEADER_WIDTH + stages.length * CELL_WIDTH, h: gridHeight },
  }
}
