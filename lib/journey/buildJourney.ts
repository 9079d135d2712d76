import { PERSONA_FIELDS, SCOPE_FIELDS } from '../templates/buildTemplateRecords'
import { getGridMeta, type GridMeta } from '../templates/gridMeta'
import type { LaneKind } from '../templates/laneKinds'
import { isShapeRecord, type BoardRecord, type ShapeRecord } from '../tldraw/records'
import { toPlainText } from '../tldraw/richText'
import { applyAffine, buildPageTransforms, finiteOr, type Affine, type PageTransform, type Point } from './buildPageTransforms'
import { buildCellIndex } from './buildCellIndex'
import { getEmotionScore } from './getEmotionScore'
import {
  JOURNEY_SCHEMA_VERSION,
  NOTE_KINDS,
  type EmotionPoint,
  type JourneyCell,
  type JourneyLane,
  type JourneyMap,
  type JourneyNote,
  type JourneyStage,
  type NoteKind,
  type Persona,
  type Scope,
  type UnplacedNote,
  type UnplacedReason,
} from './journeySchema'
import { readCardFields } from './readCardFields'

/** A tldraw note is 200 × 200 units at scale 1, plus `growY` when its text overflows. */
export const NOTE_BASE_SIZE = 200

export interface BuildJourneyOptions {
  boardId: string
  /** Overrides the board's title text shape. */
  title?: string
  /** Template id the board started from; '' when not given. */
  template?: string
  /** ISO 8601 time of the export, passed in so the output is deterministic. */
  exportedAt: string
  agreedVersion?: string | null
}

interface PlacedNote {
  note: JourneyNote
  top: number
  left: number
}

interface Header {
  id: string
  shapeId: string
  name: string
  kind: LaneKind
  bounds: { x: number; y: number; w: number; h: number }
}

/**
 * Reads the journey map a board shows. Stages are the stage header shapes ordered left to right (by
 * x, then id), lanes the lane headers top to bottom (by y, then id); a stage's column spans its
 * header's x extent and a lane's row its header's y extent, in page space. Each sticky note (also
 * inside groups and frames, rotated or scaled), and each other shape with words that is not part of
 * the grid (text, a geo shape's label, a frame's name, an arrow's label; `kind` says which), goes to
 * the cell that contains its centre; a centre
 * exactly on a border goes to the cell holding most of the note's area (ties: earlier stage, then
 * earlier lane). Notes in no cell are listed in `unplaced` with a reason, never dropped. Notes in a
 * cell are sorted top to bottom, then left to right (by their page bounding box), then by id;
 * `unplaced` the same way.
 *
 * Notes in an emotions lane are scored from a leading face emoji or explicit "+2".."-2"
 * (`getEmotionScore`); a stage's point on the emotion curve is the mean of its scored notes.
 * Persona and scope come from the "Label: value" lines of their cards. The grid is read from the
 * page holding most headers; headers on other pages, and repeated header ids (after the first in
 * order), are ignored.
 *
 * Pure and deterministic: the same records and options give a byte-identical `JSON.stringify`.
 * Runs in O(shapes · log(stages + lanes) + notes · log notes).
 */
export function buildJourney(records: readonly BoardRecord[], options: BuildJourneyOptions): JourneyMap {
  const notes: ShapeRecord[] = []
  const others: ShapeRecord[] = []
  // Parents are groups and frames, never notes; notes are indexed only if a lookup misses.
  const parentsById = new Map<string, ShapeRecord>()
  for (const record of records) {
    if (typeof record !== 'object' || record === null || !isShapeRecord(record) || typeof record.id !== 'string') continue
    if (record.type === 'note') notes.push(record)
    else {
      others.push(record)
      parentsById.set(record.id, record)
    }
  }
  // Shapes with words that are not part of the grid sit in the journey like notes.
  const contents: ShapeRecord[] = [...notes]
  for (const shape of others) if (isWordShape(shape)) contents.push(shape)
  let notesById: Map<string, ShapeRecord> | undefined
  const getPageTransform = buildPageTransforms(
    (id) => parentsById.get(id) ?? (notesById ??= new Map(notes.map((n) => [n.id, n]))).get(id),
  )

  const headers: { shape: ShapeRecord; meta: GridMeta; transform: PageTransform }[] = []
  const cards: Partial<Record<'persona' | 'scope' | 'title', ShapeRecord[]>> = {}
  for (const shape of others) {
    const meta = getGridMeta(shape.meta)
    if (!meta) continue
    if (meta.jbRole === 'stage' || meta.jbRole === 'lane') {
      const transform = getPageTransform(shape)
      if (transform) headers.push({ shape, meta, transform })
    } else if (meta.jbRole !== 'cell') {
      ;(cards[meta.jbRole] ??= []).push(shape)
    }
  }

  const gridPageId = pickGridPage(headers.map((h) => h.transform.pageId))
  const stageHeaders: Header[] = []
  const laneHeaders: Header[] = []
  for (const { shape, meta, transform } of headers) {
    if (transform.pageId !== gridPageId) continue
    const header: Header = {
      id: meta.jbRole === 'stage' || meta.jbRole === 'lane' ? meta.jbId : '',
      shapeId: shape.id,
      name: getShapeText(shape),
      kind: meta.jbRole === 'lane' ? meta.jbLaneKind : 'custom',
      bounds: getHeaderBounds(shape, transform),
    }
    ;(meta.jbRole === 'stage' ? stageHeaders : laneHeaders).push(header)
  }
  const stagesInOrder = uniqueById(stageHeaders.sort((a, b) => a.bounds.x - b.bounds.x || compareHeaderIds(a, b)))
  const lanesInOrder = uniqueById(laneHeaders.sort((a, b) => a.bounds.y - b.bounds.y || compareHeaderIds(a, b)))
  const stages: JourneyStage[] = stagesInOrder.map((h, order) => ({ id: h.id, name: h.name, order, bounds: h.bounds }))
  const lanes: JourneyLane[] = lanesInOrder.map((h, order) => ({ id: h.id, name: h.name, kind: h.kind, order, bounds: h.bounds }))

  // Stages are sorted by x and lanes by y, which is the order the index needs.
  const cellIndex = buildCellIndex(
    stages.map((s) => ({ start: s.bounds.x, end: s.bounds.x + s.bounds.w })),
    lanes.map((l) => ({ start: l.bounds.y, end: l.bounds.y + l.bounds.h })),
  )

  const cellNotes: PlacedNote[][] = stages.flatMap(() => lanes.map(() => []))
  const unplaced: (PlacedNote & { reason: UnplacedReason })[] = []
  for (const shape of contents) {
    const transform = getPageTransform(shape)
    const props = getProps(shape)
    const box = getLocalBox(shape, props)
    if (!transform) {
      unplaced.push({ note: readNote(shape, props, null), top: 0, left: 0, reason: 'unknown-parent' })
      continue
    }
    const m = transform.matrix
    // Unrotated notes (almost all) need no corner polygon: their box is their position and size.
    const isTranslation = m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1
    const polygon = isTranslation ? undefined : getCorners(m, box)
    const top = polygon ? Math.min(polygon[0].y, polygon[1].y, polygon[2].y, polygon[3].y) : m.f + box.y
    const left = polygon ? Math.min(polygon[0].x, polygon[1].x, polygon[2].x, polygon[3].x) : m.e + box.x
    let reason: UnplacedReason | undefined
    if (transform.pageId !== gridPageId) reason = gridPageId === undefined ? 'no-grid' : 'other-page'
    else if (stages.length === 0 || lanes.length === 0) reason = 'no-grid'
    if (reason) {
      unplaced.push({ note: readNote(shape, props, null), top, left, reason })
      continue
    }
    const location = cellIndex.locate(applyAffine(m, { x: box.x + box.w / 2, y: box.y + box.h / 2 }), () => polygon ?? getCorners(m, box))
    if ('reason' in location) {
      unplaced.push({ note: readNote(shape, props, null), top, left, reason: location.reason })
      continue
    }
    const note = readNote(shape, props, lanes[location.row].kind)
    cellNotes[location.column * lanes.length + location.row].push({ note, top, left })
  }

  const cells: JourneyCell[] = []
  const emotionCurve: EmotionPoint[] = []
  stages.forEach((stage, s) => {
    let sum = 0
    let count = 0
    lanes.forEach((lane, l) => {
      const placed = cellNotes[s * lanes.length + l].sort(comparePlaced)
      for (const { note } of placed) {
        if (note.emotionScore !== null) {
          sum += note.emotionScore
          count++
        }
      }
      cells.push({ stageId: stage.id, laneId: lane.id, notes: placed.map((p) => p.note) })
    })
    emotionCurve.push({ stageId: stage.id, score: count ? sum / count : null, count })
  })

  const personaFields = readCardFields(getCardText(cards.persona), PERSONA_FIELDS)
  const scopeFields = readCardFields(getCardText(cards.scope), SCOPE_FIELDS)
  const persona: Persona = {
    name: personaFields.Name,
    age: personaFields.Age,
    job: personaFields.Job,
    description: personaFields.Description,
    goals: personaFields.Goals,
    motives: personaFields.Motives,
    barriers: personaFields.Barriers,
  }
  const scope: Scope = {
    goal: scopeFields.Goal,
    segment: scopeFields.Segment,
    timeScale: scopeFields['Time scale'],
    kpis: scopeFields.KPIs,
  }

  return {
    schemaVersion: JOURNEY_SCHEMA_VERSION,
    title: options.title ?? getCardText(cards.title),
    template: options.template ?? '',
    persona,
    scope,
    stages,
    lanes,
    cells,
    emotionCurve,
    unplaced: unplaced.sort(comparePlaced).map(({ note, reason }): UnplacedNote => ({ note, reason })),
    meta: { boardId: options.boardId, exportedAt: options.exportedAt, agreedVersion: options.agreedVersion ?? null },
  }
}

/** A note's journey fields; `laneKind` is the kind of its lane, or null when it is in no cell. */
function readNote(shape: ShapeRecord, props: Record<string, unknown>, laneKind: LaneKind | null): JourneyNote {
  const text = getWords(shape, props)
  const meta = asObject(shape.meta)
  const { authorName, votes, updatedAt } = meta
  return {
    id: shape.id,
    kind: shape.type === 'note' ? 'note' : (shape.type as Exclude<NoteKind, 'note'>),
    text,
    author: typeof authorName === 'string' ? authorName.trim() : '',
    color: typeof props.color === 'string' ? props.color : 'black',
    votes: typeof votes === 'number' && votes > 0 && Number.isFinite(votes) ? Math.floor(votes) : 0,
    updatedAt: typeof updatedAt === 'number' && Number.isFinite(updatedAt) ? updatedAt : null,
    emotionScore: laneKind === 'emotions' ? getEmotionScore(text) : null,
  }
}

/** Shape types other than notes whose words are part of the journey, and where their words are. */
const WORD_SHAPE_TYPES: ReadonlySet<string> = new Set(NOTE_KINDS.filter((k) => k !== 'note'))

/** A text, geo, frame or arrow shape with words that is no grid header, cell or card. */
function isWordShape(shape: ShapeRecord): boolean {
  if (!WORD_SHAPE_TYPES.has(shape.type) || getGridMeta(shape.meta) || asObject(shape.meta).jbRole !== undefined) return false
  return getWords(shape, getProps(shape)) !== ''
}

/** A shape's words as trimmed plain text: a frame's name, else its rich text (or legacy `text`). */
function getWords(shape: ShapeRecord, props: Record<string, unknown>): string {
  if (shape.type === 'frame') return typeof props.name === 'string' ? props.name.replace(/\s+/gu, ' ').trim() : ''
  return toPlainText(props.richText ?? props.text).trim()
}

/** tldraw 5.1's text font sizes by `size`, and its text line height, to estimate a text shape's height. */
const TEXT_FONT_SIZES: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }
const TEXT_LINE_HEIGHT = 1.35

/**
 * A content shape's rectangle in its own space, in tldraw units: a note is 200·scale wide and
 * (200 + growY)·scale tall; a geo shape w × (h + growY), times scale; a frame w × h; a text shape
 * w·scale wide and (lines × font size × 1.35)·scale tall (tldraw measures text in the browser, the
 * board does not store its height); an arrow the box spanned by its start and end points.
 */
function getLocalBox(shape: ShapeRecord, props: Record<string, unknown>): Box {
  const scale = finiteOr(props.scale, 1) > 0 ? finiteOr(props.scale, 1) : 1
  const size = (v: unknown) => Math.max(0, finiteOr(v, 0))
  switch (shape.type) {
    case 'geo':
      return { x: 0, y: 0, w: size(props.w) * scale, h: (size(props.h) + size(props.growY)) * scale }
    case 'frame':
      return { x: 0, y: 0, w: size(props.w), h: size(props.h) }
    case 'text': {
      const lines = Math.max(1, getWords(shape, props).split('\n').length)
      const fontSize = TEXT_FONT_SIZES[typeof props.size === 'string' ? props.size : 'm'] ?? TEXT_FONT_SIZES.m
      return { x: 0, y: 0, w: size(props.w) * scale, h: lines * fontSize * TEXT_LINE_HEIGHT * scale }
    }
    case 'arrow': {
      const start = asObject(props.start)
      const end = asObject(props.end)
      const xs = [finiteOr(start.x, 0), finiteOr(end.x, 0)]
      const ys = [finiteOr(start.y, 0), finiteOr(end.y, 0)]
      return { x: Math.min(...xs), y: Math.min(...ys), w: Math.abs(xs[1] - xs[0]), h: Math.abs(ys[1] - ys[0]) }
    }
    default:
      return { x: 0, y: 0, w: NOTE_BASE_SIZE * scale, h: (NOTE_BASE_SIZE + size(props.growY)) * scale }
  }
}

/** Trimmed plain text of a shape's label (tldraw 5 `richText`, or a legacy `text` string). */
function getShapeText(shape: ShapeRecord): string {
  const props = getProps(shape)
  return toPlainText(props.richText ?? props.text).trim()
}

/** Text of the first card with a role (by id, so a pasted duplicate does not win by accident). */
function getCardText(cards: ShapeRecord[] | undefined): string {
  if (!cards || cards.length === 0) return ''
  const first = cards.reduce((a, b) => (compareStrings(a.id, b.id) <= 0 ? a : b))
  return getShapeText(first)
}

interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** The page-space corners of a rectangle in a shape's local space. */
function getCorners(m: Affine, { x, y, w, h }: Box): Point[] {
  return [applyAffine(m, { x, y }), applyAffine(m, { x: x + w, y }), applyAffine(m, { x: x + w, y: y + h }), applyAffine(m, { x, y: y + h })]
}

/** Page-space axis-aligned bounds of a header rectangle (rotated headers give their bounding box). */
function getHeaderBounds(shape: ShapeRecord, transform: PageTransform): Header['bounds'] {
  const props = getProps(shape)
  const w = Math.max(0, finiteOr(props.w, 0))
  const h = Math.max(0, finiteOr(props.h, 0))
  const corners = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ].map((p) => applyAffine(transform.matrix, p))
  const xs = corners.map((p) => p.x)
  const ys = corners.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y }
}

/** The page with most grid headers (ties: the smaller page id), or undefined without headers. */
function pickGridPage(pageIds: string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const id of pageIds) counts.set(id, (counts.get(id) ?? 0) + 1)
  let best: string | undefined
  for (const [id, count] of counts) {
    const bestCount = best === undefined ? -1 : counts.get(best)!
    if (count > bestCount || (count === bestCount && compareStrings(id, best!) < 0)) best = id
  }
  return best
}

function uniqueById(headers: Header[]): Header[] {
  const seen = new Set<string>()
  return headers.filter((h) => !seen.has(h.id) && seen.add(h.id))
}

function compareHeaderIds(a: Header, b: Header): number {
  return compareStrings(a.id, b.id) || compareStrings(a.shapeId, b.shapeId)
}

function comparePlaced(a: PlacedNote, b: PlacedNote): number {
  return a.top - b.top || a.left - b.left || compareStrings(a.note.id, b.note.id)
}

/** Code-unit order, independent of locale, so output does not depend on the machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

/** A shape's props; {} when a malformed record has none. */
function getProps(shape: ShapeRecord): Record<string, unknown> {
  return asObject(shape.props)
}
