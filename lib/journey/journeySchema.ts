import { z } from 'zod'
import { LANE_KINDS } from '../templates/laneKinds'

/**
 * The journey model: what a board means as a customer journey map, independent of where the shapes
 * sit. `buildJourney` reads it from board records, exports (JSON, CSV, Markdown) write it, and
 * `journeyToRecords` turns it back into a board. `docs/journey.schema.json` is generated from this
 * schema (`npx tsx scripts/buildJourneySchema.ts`); bump `schemaVersion` on any incompatible change.
 */
export const JOURNEY_SCHEMA_VERSION = 1

/** Reasons a note could not be placed in a cell; it is still exported, never dropped. */
export const UNPLACED_REASONS = [
  /** The note's centre lies outside every stage column or lane row (beside or above the grid). */
  'outside-grid',
  /** The centre lies within the grid's outer bounds but in no column or row (headers moved apart). */
  'unknown-cell',
  /** The board has no stage header or no lane header, so there are no cells. */
  'no-grid',
  /** The note is on another page than the grid. */
  'other-page',
  /** The note's parent chain does not reach a page (missing parent or a cycle), so it has no position. */
  'unknown-parent',
] as const
export type UnplacedReason = (typeof UNPLACED_REASONS)[number]

/**
 * What a journey note is on the board: a sticky note, or another shape with words that sits in the
 * journey like one (a text shape, a geo shape's label, a frame's name, an arrow's label).
 */
export const NOTE_KINDS = ['note', 'text', 'geo', 'frame', 'arrow'] as const
export type NoteKind = (typeof NOTE_KINDS)[number]

/** Emotion scores run from -2 (very negative) to +2 (very positive). */
export const MIN_EMOTION_SCORE = -2
export const MAX_EMOTION_SCORE = 2

const BoundsSchema = z
  .object({ x: z.number(), y: z.number(), w: z.number().min(0), h: z.number().min(0) })
  .describe('Page-space rectangle of a header, in tldraw units.')

export const JourneyNoteSchema = z.object({
  id: z.string().min(1).describe('The note shape id on the board.'),
  kind: z
    .enum(NOTE_KINDS)
    .default('note')
    .describe("The shape it is: a sticky 'note', or a 'text', 'geo' (label), 'frame' (name) or 'arrow' (label) shape with words. Files written before this field read as 'note'."),
  text: z.string().describe('Plain text of the note, trimmed.'),
  author: z.string().describe("Author's display name, '' when unknown."),
  color: z.string().describe('tldraw colour name of the shape.'),
  votes: z.number().int().min(0),
  updatedAt: z.number().nullable().describe('Last edit, ms since the epoch, or null when unknown.'),
  emotionScore: z
    .number()
    .int()
    .min(MIN_EMOTION_SCORE)
    .max(MAX_EMOTION_SCORE)
    .nullable()
    .describe('Score read from a note in an emotions lane (leading emoji or +2..-2); null elsewhere.'),
})
export type JourneyNote = z.infer<typeof JourneyNoteSchema>

export const JourneyStageSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  order: z.number().int().min(0).describe('0-based position, left to right.'),
  bounds: BoundsSchema,
})
export type JourneyStage = z.infer<typeof JourneyStageSchema>

export const JourneyLaneSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(LANE_KINDS),
  order: z.number().int().min(0).describe('0-based position, top to bottom.'),
  bounds: BoundsSchema,
})
export type JourneyLane = z.infer<typeof JourneyLaneSchema>

export const JourneyCellSchema = z.object({
  stageId: z.string(),
  laneId: z.string(),
  notes: z.array(JourneyNoteSchema).describe('Sorted by position: top to bottom, then left to right, then id.'),
})
export type JourneyCell = z.infer<typeof JourneyCellSchema>

export const EmotionPointSchema = z.object({
  stageId: z.string(),
  score: z.number().min(MIN_EMOTION_SCORE).max(MAX_EMOTION_SCORE).nullable().describe('Mean of the scored notes, null if none.'),
  count: z.number().int().min(0).describe('Number of scored notes.'),
})
export type EmotionPoint = z.infer<typeof EmotionPointSchema>

export const UnplacedNoteSchema = z.object({ note: JourneyNoteSchema, reason: z.enum(UNPLACED_REASONS) })
export type UnplacedNote = z.infer<typeof UnplacedNoteSchema>

export const PersonaSchema = z.object({
  name: z.string(),
  age: z.string(),
  job: z.string(),
  description: z.string(),
  goals: z.string(),
  motives: z.string(),
  barriers: z.string(),
})
export type Persona = z.infer<typeof PersonaSchema>

export const ScopeSchema = z.object({ goal: z.string(), segment: z.string(), timeScale: z.string(), kpis: z.string() })
export type Scope = z.infer<typeof ScopeSchema>

export const JourneyMetaSchema = z.object({
  boardId: z.string(),
  exportedAt: z.iso.datetime({ offset: true }),
  agreedVersion: z.string().nullable().describe('The agreed version this export records, or null for a working state.'),
})

export const JourneyMapSchema = z
  .object({
    schemaVersion: z.literal(JOURNEY_SCHEMA_VERSION),
    title: z.string(),
    template: z.string().describe("Template id the board started from, '' when unknown."),
    persona: PersonaSchema,
    scope: ScopeSchema,
    stages: z.array(JourneyStageSchema),
    lanes: z.array(JourneyLaneSchema),
    cells: z.array(JourneyCellSchema).describe('One per stage x lane pair, in stage order then lane order.'),
    emotionCurve: z.array(EmotionPointSchema).describe('One point per stage, in stage order.'),
    unplaced: z.array(UnplacedNoteSchema),
    meta: JourneyMetaSchema,
  })
  .superRefine((journey, ctx) => {
    const stageIds = checkUnique(journey.stages, (s) => s.id, 'stages', (s) => `Duplicate stage id "${s.id}"`, ctx)
    const laneIds = checkUnique(journey.lanes, (l) => l.id, 'lanes', (l) => `Duplicate lane id "${l.id}"`, ctx)
    checkUnique(journey.cells, (c) => JSON.stringify([c.stageId, c.laneId]), 'cells', (c) => `Duplicate cell "${c.stageId}" x "${c.laneId}"`, ctx)
    journey.cells.forEach((cell, i) => {
      if (!stageIds.has(cell.stageId)) ctx.addIssue({ code: 'custom', path: ['cells', i, 'stageId'], message: `Unknown stage id "${cell.stageId}"` })
      if (!laneIds.has(cell.laneId)) ctx.addIssue({ code: 'custom', path: ['cells', i, 'laneId'], message: `Unknown lane id "${cell.laneId}"` })
    })
    journey.emotionCurve.forEach((point, i) => {
      if (!stageIds.has(point.stageId))
        ctx.addIssue({ code: 'custom', path: ['emotionCurve', i, 'stageId'], message: `Unknown stage id "${point.stageId}"` })
    })
    const noteIds = new Set<string>()
    const checkNote = (id: string, path: (string | number)[]) => {
      if (noteIds.has(id)) ctx.addIssue({ code: 'custom', path, message: `Duplicate note id "${id}"` })
      noteIds.add(id)
    }
    journey.cells.forEach((cell, i) => cell.notes.forEach((note, j) => checkNote(note.id, ['cells', i, 'notes', j, 'id'])))
    journey.unplaced.forEach((u, i) => checkNote(u.note.id, ['unplaced', i, 'note', 'id']))
  })
  .meta({
    title: 'Journey Board journey map',
    description: 'A customer journey map read from a Journey Board board: stages, lanes, notes per cell, persona, scope and emotion curve.',
  })

/** A customer journey map, as exported and imported. */
export type JourneyMap = z.infer<typeof JourneyMapSchema>

function checkUnique<T>(
  items: readonly T[],
  key: (item: T) => string,
  arrayName: string,
  message: (item: T) => string,
  ctx: z.core.$RefinementCtx,
): Set<string> {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const k = key(item)
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [arrayName, i], message: message(item) })
    seen.add(k)
  })
  return seen
}
