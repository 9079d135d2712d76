import type { JourneyLane, JourneyMap, JourneyNote, JourneyStage } from '../lib/journey/journeySchema'

/** The header rectangle test journeys give every stage and lane: exports and checks do not read it. */
export const TEST_BOUNDS = { x: 0, y: 0, w: 1, h: 1 }

/** A journey note for tests: a yellow sticky note with no author, votes or score unless told otherwise. */
export function buildTestJourneyNote(id: string, fields: Partial<JourneyNote> = {}): JourneyNote {
  return { id, kind: 'note', text: '', author: '', color: 'yellow', votes: 0, updatedAt: null, emotionScore: null, ...fields }
}

export function buildTestStage(id: string, name: string, order: number): JourneyStage {
  return { id, name, order, bounds: TEST_BOUNDS }
}

export function buildTestLane(id: string, name: string, kind: JourneyLane['kind'], order: number): JourneyLane {
  return { id, name, kind, order, bounds: TEST_BOUNDS }
}

/**
 * A journey map for tests and fixtures: schema version 1, an empty persona and scope, no grid and
 * no notes, exported from board "b" on 2025-01-01, with `fields` laid over it.
 */
export function buildTestJourney(fields: Partial<JourneyMap> = {}): JourneyMap {
  return {
    schemaVersion: 1,
    title: 't',
    template: '',
    persona: { name: '', age: '', job: '', description: '', goals: '', motives: '', barriers: '' },
    scope: { goal: '', segment: '', timeScale: '', kpis: '' },
    stages: [],
    lanes: [],
    cells: [],
    emotionCurve: [],
    unplaced: [],
    meta: { boardId: 'b', exportedAt: '2025-01-01T00:00:00.000Z', agreedVersion: null },
    ...fields,
  }
}
