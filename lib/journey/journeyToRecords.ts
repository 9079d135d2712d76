import {
  buildCardText,
  buildTemplateRecords,
  PERSONA_CARD_HEADING,
  PERSONA_FIELDS,
  PERSONA_SHAPE_ID,
  SCOPE_CARD_HEADING,
  SCOPE_FIELDS,
  SCOPE_SHAPE_ID,
} from '../templates/buildTemplateRecords'
import { layoutGrid, STAGE_HEADER_HEIGHT, type Rect } from '../templates/gridLayout'
import type { JourneyTemplate } from '../templates/journeyTemplates'
import { buildNoteRecord } from '../tldraw/buildNoteRecord'
import { getSeedIndexKey } from '../tldraw/indexKeys'
import { DEFAULT_PAGE_ID, isShapeRecord, type BoardRecord, type ShapeRecord } from '../tldraw/records'
import { toRichText } from '../tldraw/richText'
import { NOTE_BASE_SIZE } from './buildJourney'
import type { JourneyMap, JourneyNote } from './journeySchema'

/** tldraw 5.1.1's colour names (`DefaultColorStyle`); other colours become `FALLBACK_NOTE_COLOR`. */
export const TLDRAW_COLORS = [
  'black',
  'grey',
  'light-violet',
  'violet',
  'blue',
  'light-blue',
  'yellow',
  'orange',
  'green',
  'light-green',
  'light-red',
  'red',
  'white',
] as const
export const FALLBACK_NOTE_COLOR = 'yellow'

/** Space around and between notes laid out in a cell, in tldraw units at scale 1. */
export const NOTE_CELL_MARGIN = 20
export const NOTE_GAP = 20
/** Unplaced notes go in a block this far right of the grid. */
export const UNPLACED_OFFSET_X = 200

export interface JourneyToRecordsOptions {
  /** Inserted after "shape:" in every shape id, so an import cannot collide with existing shapes. */
  idPrefix?: string
}

/**
 * Builds a board showing a journey: document and page, the locked grid of the journey's stages and
 * lanes (in `order`, standard layout), the persona, goal/scope and title cards filled in, and one
 * sticky note per note. Notes sit in their cell in rows of at least two columns, in the order given,
 * top-aligned and centred; a cell with more than four notes uses the column count that keeps notes
 * largest and scales them down to fit, so every note's centre stays inside its cell. Unplaced notes
 * (and notes of cells naming an unknown stage or lane) go in a two-column block right of the grid.
 * Each note becomes a shape of its `kind` (a sticky note, text, labelled rectangle, named frame or
 * labelled arrow) in its slot. Note `meta` carries `authorName`, `votes` and, when known, `updatedAt`.
 *
 * `buildJourney(journeyToRecords(j))` equals `j` (for a `j` that `buildJourney` produced) except:
 * - stage and lane `bounds` follow the standard grid layout, and `order` is renumbered 0..n-1;
 * - `meta`, `template` and (when overridden) `title` come from `buildJourney`'s options, as the board
 *   does not store them;
 * - every unplaced note's `reason` becomes 'outside-grid' ('no-grid' when there are no stages or
 *   lanes), and unplaced notes keep their relative order;
 * - note ids are kept when they are unique "shape:" ids (with `idPrefix` inserted); others get
 *   "shape:<prefix>note-<n>";
 * - colours outside tldraw's palette become 'yellow'; `emotionScore` and `emotionCurve` are
 *   recomputed from the text (same values for a consistent journey);
 * - texts, names and persona/scope values are read back trimmed, and a persona/scope value whose
 *   later line starts with another field's label ("Age: …") is read back as that field.
 *
 * Pure and deterministic. Every record passes tldraw 5.1.1's schema validation.
 */
export function journeyToRecords(journey: JourneyMap, options: JourneyToRecordsOptions = {}): BoardRecord[] {
  const prefix = options.idPrefix ?? ''
  const stages = sortByOrder(journey.stages)
  const lanes = sortByOrder(journey.lanes)
  const template: JourneyTemplate = {
    id: journey.template,
    name: journey.title,
    description: '',
    stages: stages.map(({ id, name }) => ({ id, name })),
    lanes: lanes.map(({ id, name, kind }) => ({ id, name, kind })),
  }
  const base = buildTemplateRecords(template, journey.title)
  const { persona, scope } = journey
  const cardTexts: Record<string, string> = {
    [PERSONA_SHAPE_ID]: buildCardText(PERSONA_CARD_HEADING, PERSONA_FIELDS, {
      Name: persona.name,
      Age: persona.age,
      Job: persona.job,
      Description: persona.description,
      Goals: persona.goals,
      Motives: persona.motives,
      Barriers: persona.barriers,
    }),
    [SCOPE_SHAPE_ID]: buildCardText(SCOPE_CARD_HEADING, SCOPE_FIELDS, {
      Goal: scope.goal,
      Segment: scope.segment,
      'Time scale': scope.timeScale,
      KPIs: scope.kpis,
    }),
  }
  const records: BoardRecord[] = base.map((record) => {
    if (!isShapeRecord(record)) return record
    const text = cardTexts[record.id]
    const props = text === undefined ? record.props : { ...record.props, richText: toRichText(text) }
    return { ...record, id: prefixShapeId(record.id, prefix), props }
  })

  const usedIds = new Set(records.map((r) => r.id))
  let nextIndex = base.filter(isShapeRecord).length
  let generated = 0
  const toShapeId = (note: JourneyNote): string => {
    const raw = note.id.startsWith('shape:') ? note.id.slice('shape:'.length) : note.id
    let id = raw === '' ? '' : `shape:${prefix}${raw}`
    while (id === '' || usedIds.has(id)) id = `shape:${prefix}note-${++generated}`
    usedIds.add(id)
    return id
  }
  const pushNote = (note: JourneyNote, x: number, y: number, scale: number) => {
    records.push(buildNoteShape(note, toShapeId(note), getNoteIndexKey(nextIndex++), x, y, scale))
  }

  const layout = layoutGrid(template.stages, template.lanes)
  const stageRects = new Map(layout.stages.map((s) => [s.id, s]))
  const laneRects = new Map(layout.lanes.map((l) => [l.id, l]))
  const byCell = new Map<string, { rect: Rect; notes: JourneyNote[] }>()
  const homeless: JourneyNote[] = []
  for (const cell of journey.cells) {
    const stage = stageRects.get(cell.stageId)
    const lane = laneRects.get(cell.laneId)
    if (!stage || !lane) {
      homeless.push(...cell.notes)
      continue
    }
    const key = JSON.stringify([cell.stageId, cell.laneId])
    const entry = byCell.get(key) ?? { rect: { x: stage.x, y: lane.y, w: stage.w, h: lane.h }, notes: [] }
    entry.notes.push(...cell.notes)
    byCell.set(key, entry)
  }
  for (const { rect, notes } of byCell.values()) {
    const fit = fitNotesInCell(rect, notes.length)
    notes.forEach((note, i) => {
      const col = i % fit.columns
      const row = Math.floor(i / fit.columns)
      pushNote(note, fit.x + col * fit.step, fit.y + row * fit.step, fit.scale)
    })
  }
  const outside = [...journey.unplaced.map((u) => u.note), ...homeless]
  const step = NOTE_BASE_SIZE + NOTE_GAP
  outside.forEach((note, i) => {
    pushNote(note, layout.bounds.x + layout.bounds.w + UNPLACED_OFFSET_X + (i % 2) * step, STAGE_HEADER_HEIGHT + Math.floor(i / 2) * step, 1)
  })
  return records
}

/** Where notes go in a cell: the column count (at least 2) that lets them be largest, at most scale 1. */
function fitNotesInCell(rect: Rect, count: number): { columns: number; scale: number; step: number; x: number; y: number } {
  const innerW = rect.w - 2 * NOTE_CELL_MARGIN
  const innerH = rect.h - 2 * NOTE_CELL_MARGIN
  const extent = (n: number) => n * NOTE_BASE_SIZE + (n - 1) * NOTE_GAP
  let columns = 2
  let scale = 0
  for (let c = 2; c <= Math.max(2, count); c++) {
    const rows = Math.max(1, Math.ceil(count / c))
    const s = Math.min(1, innerW / extent(c), innerH / extent(rows))
    if (s > scale) {
      scale = s
      columns = c
    }
    if (rows === 1) break
  }
  return {
    columns,
    scale,
    step: (NOTE_BASE_SIZE + NOTE_GAP) * scale,
    x: rect.x + (rect.w - extent(columns) * scale) / 2,
    y: rect.y + NOTE_CELL_MARGIN,
  }
}

/**
 * The shape of a journey note, of its kind, in a 200·scale square slot at (x, y): a sticky note; a
 * text shape as wide as the slot; a rectangle labelled with the text; a frame named with it; or a
 * horizontal arrow across the slot labelled with it. The author, votes and edit time go in `meta`.
 */
function buildNoteShape(note: JourneyNote, id: string, index: string, x: number, y: number, scale: number): ShapeRecord {
  const meta: Record<string, unknown> = { authorName: note.author, votes: note.votes }
  if (note.updatedAt !== null) meta.updatedAt = note.updatedAt
  const color = (TLDRAW_COLORS as readonly string[]).includes(note.color) ? note.color : FALLBACK_NOTE_COLOR
  const richText = toRichText(note.text)
  const size = NOTE_BASE_SIZE * scale
  const base = { id, typeName: 'shape' as const, x, y, rotation: 0, index, parentId: DEFAULT_PAGE_ID, isLocked: false, opacity: 1, meta }
  switch (note.kind) {
    case 'text':
      return { ...base, type: 'text', props: { color, size: 'm', font: 'draw', textAlign: 'middle', w: NOTE_BASE_SIZE, richText, scale, autoSize: false } }
    case 'geo':
      return {
        ...base,
        type: 'geo',
        props: {
          geo: 'rectangle',
          dash: 'draw',
          url: '',
          w: size,
          h: size,
          growY: 0,
          scale: 1,
          labelColor: 'black',
          color,
          fill: 'none',
          size: 'm',
          font: 'draw',
          align: 'middle',
          verticalAlign: 'middle',
          richText,
        },
      }
    case 'frame':
      return { ...base, type: 'frame', props: { w: size, h: size, name: note.text, color } }
    case 'arrow':
      return {
        ...base,
        type: 'arrow',
        props: {
          kind: 'arc',
          labelColor: 'black',
          color,
          fill: 'none',
          dash: 'draw',
          size: 'm',
          arrowheadStart: 'none',
          arrowheadEnd: 'arrow',
          font: 'draw',
          start: { x: 0, y: size / 2 },
          end: { x: size, y: size / 2 },
          bend: 0,
          richText,
          labelPosition: 0.5,
          scale: 1,
          elbowMidPoint: 0.5,
        },
      }
    default:
      return buildNoteRecord({ id, x, y, index, text: richText, color, scale, meta })
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const SEED_KEY_COUNT = BASE62.length ** 2

/**
 * The i-th index key of a board built here, ascending: the seed keys "b00".."bzz", then the
 * fractional-indexing integer keys "c000".."czzz" and "d0000".."dzzzz" (a head letter fixes the
 * digit count), so a journey of any realistic size gets valid, ordered keys.
 */
export function getNoteIndexKey(i: number): string {
  if (i < SEED_KEY_COUNT) return getSeedIndexKey(i)
  let rest = i - SEED_KEY_COUNT
  for (const [head, digits] of [
    ['c', 3],
    ['d', 4],
  ] as const) {
    const size = BASE62.length ** digits
    if (rest < size) {
      let key = ''
      for (let d = 0; d < digits; d++) {
        key = BASE62[rest % BASE62.length] + key
        rest = Math.floor(rest / BASE62.length)
      }
      return head + key
    }
    rest -= size
  }
  throw new RangeError(`index key ${i} out of range`)
}

function prefixShapeId(id: string, prefix: string): string {
  return prefix && id.startsWith('shape:') ? `shape:${prefix}${id.slice('shape:'.length)}` : id
}

function sortByOrder<T extends { order: number }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.order - b.item.order || a.i - b.i)
    .map(({ item }) => item)
}
