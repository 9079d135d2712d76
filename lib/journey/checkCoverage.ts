import type { LaneKind } from '../templates/laneKinds'
import type { JourneyMap, JourneyNote, UnplacedReason } from './journeySchema'

export const COVERAGE_FINDING_KINDS = ['empty-cell', 'no-pain-point', 'no-opportunity', 'single-author', 'unplaced-note'] as const
export type CoverageFindingKind = (typeof COVERAGE_FINDING_KINDS)[number]

/** Something the facilitator may want to fill in or look at before the map is agreed. */
export interface CoverageFinding {
  kind: CoverageFindingKind
  stageId?: string
  laneId?: string
  noteId?: string
  /** One sentence for people, naming stages and lanes by their names. */
  message: string
}

const REASON_TEXT: Record<UnplacedReason, string> = {
  'outside-grid': 'it is outside the grid',
  'unknown-cell': 'it sits between cells',
  'no-grid': 'the board has no grid',
  'other-page': 'it is on another page',
  'unknown-parent': 'its group or frame is missing',
}

/** Notes quoted in messages are cut to this many characters. */
const QUOTE_MAX_CHARS = 40

/**
 * Gaps in a journey map, in a fixed order:
 * - `empty-cell`: each stage × lane cell without notes (stage order, then lane order);
 * - `no-pain-point` / `no-opportunity`: each stage with no note in any pain-points / opportunities
 *   lane; when the map has no lane of that kind at all, one finding without a stage instead;
 * - `single-author`: when all authored notes of the map (two or more) are by one person, one finding
 *   for the map; otherwise one per stage whose authored notes (two or more) are all by one person.
 *   Notes without an author are not counted;
 * - `unplaced-note`: each note outside the cells, with why.
 * Pure: the same journey gives the same findings.
 */
export function checkCoverage(journey: JourneyMap): CoverageFinding[] {
  const findings: CoverageFinding[] = []
  const stageName = new Map(journey.stages.map((s) => [s.id, s.name || s.id]))
  const lanes = new Map(journey.lanes.map((l) => [l.id, l]))
  const stageOrder = new Map(journey.stages.map((s) => [s.id, s.order]))
  const laneOrder = new Map(journey.lanes.map((l) => [l.id, l.order]))
  const cells = [...journey.cells].sort(
    (a, b) => (stageOrder.get(a.stageId) ?? 0) - (stageOrder.get(b.stageId) ?? 0) || (laneOrder.get(a.laneId) ?? 0) - (laneOrder.get(b.laneId) ?? 0),
  )
  const stages = [...journey.stages].sort((a, b) => a.order - b.order)

  for (const cell of cells) {
    if (cell.notes.length > 0) continue
    const lane = lanes.get(cell.laneId)
    findings.push({
      kind: 'empty-cell',
      stageId: cell.stageId,
      laneId: cell.laneId,
      message: `No notes in "${lane?.name || cell.laneId}" for stage "${stageName.get(cell.stageId) ?? cell.stageId}".`,
    })
  }

  const notesOfStage = (stageId: string, kind?: LaneKind): JourneyNote[] =>
    cells.filter((c) => c.stageId === stageId && (kind === undefined || lanes.get(c.laneId)?.kind === kind)).flatMap((c) => c.notes)

  const laneKindChecks = [
    { kind: 'no-pain-point', laneKind: 'painPoints', what: 'pain point', lanesName: 'pain points' },
    { kind: 'no-opportunity', laneKind: 'opportunities', what: 'opportunity', lanesName: 'opportunities' },
  ] as const
  for (const check of laneKindChecks) {
    if (!journey.lanes.some((l) => l.kind === check.laneKind)) {
      findings.push({ kind: check.kind, message: `The map has no ${check.lanesName} lane, so no stage records a ${check.what}.` })
      continue
    }
    for (const stage of stages) {
      if (notesOfStage(stage.id, check.laneKind).length > 0) continue
      findings.push({ kind: check.kind, stageId: stage.id, message: `Stage "${stage.name || stage.id}" has no ${check.what} yet.` })
    }
  }

  const authorsOf = (notes: JourneyNote[]) => {
    const authored = notes.filter((n) => n.author !== '')
    return { count: authored.length, authors: [...new Set(authored.map((n) => n.author))] }
  }
  const whole = authorsOf(cells.flatMap((c) => c.notes))
  if (whole.count >= 2 && whole.authors.length === 1) {
    findings.push({ kind: 'single-author', message: `All ${whole.count} notes on the map are by ${whole.authors[0]}; invite other voices.` })
  } else {
    for (const stage of stages) {
      const { count, authors } = authorsOf(notesOfStage(stage.id))
      if (count < 2 || authors.length !== 1) continue
      findings.push({
        kind: 'single-author',
        stageId: stage.id,
        message: `All ${count} notes in stage "${stage.name || stage.id}" are by ${authors[0]}.`,
      })
    }
  }

  for (const { note, reason } of journey.unplaced) {
    findings.push({ kind: 'unplaced-note', noteId: note.id, message: `Note ${quote(note.text)} is in no cell: ${REASON_TEXT[reason]}.` })
  }
  return findings
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim()
  if (oneLine === '') return '(empty)'
  const chars = [...oneLine]
  return `"${chars.length > QUOTE_MAX_CHARS ? chars.slice(0, QUOTE_MAX_CHARS - 1).join('') + '…' : oneLine}"`
}
