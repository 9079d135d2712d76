import type { Rect } from '../templates/gridLayout'
import { getGridMeta } from '../templates/gridMeta'
import { isShapeRecord, type BoardRecord } from '../tldraw/records'
import type { LockState, Phase, PrivateWritingState, TimerState, VoteState } from './sessionState'

/** A lane's vertical extent on the page (its header's top and bottom). */
export interface LaneBand {
  laneId: string
  minY: number
  maxY: number
}

/**
 * Half the width of a lane lock, page units: far wider than any board, so a locked lane covers
 * everything beside the grid too (notes parked left or right of it).
 */
export const LANE_LOCK_HALF_WIDTH = 100_000

/** The locked region that covers one lane: its band, across the whole page. */
export function toLaneLockRegion(band: LaneBand): Rect {
  return { x: -LANE_LOCK_HALF_WIDTH, y: band.minY, w: 2 * LANE_LOCK_HALF_WIDTH, h: band.maxY - band.minY }
}

/** The session keys a phase start writes, in one transaction. */
export interface PhaseStart {
  activePhaseId: string
  timer: TimerState
  privateWriting: PrivateWritingState
  lock: LockState
  vote: VoteState | null
}

/** Each lane's band, read from the lane headers (page-level, unrotated shapes with `props.h`). */
export function getLaneBands(records: readonly BoardRecord[]): LaneBand[] {
  return records.flatMap((r) => {
    const meta = isShapeRecord(r) ? getGridMeta(r.meta) : undefined
    if (!isShapeRecord(r) || meta?.jbRole !== 'lane') return []
    return [{ laneId: meta.jbId, minY: r.y, maxY: r.y + Number(r.props.h ?? 0) }]
  })
}

/**
 * The session state that starting `phase` sets, all at once:
 * - the timer runs for the phase's minutes from server time `now`;
 * - a private phase starts a new private-writing round; any other phase reveals a round still open,
 *   since the notes written in it are what the next phase works on;
 * - a phase with a lane locks every other lane (the lane's own band stays open); without one, or if
 *   the lane no longer exists, nothing is locked;
 * - a phase with a vote budget opens vote `voteId`, scoped to the lane if any; without one, an open
 *   vote is closed (the caller writes its tallies into the notes, as closing a vote always does).
 */
export function buildPhaseStart(
  phase: Phase,
  current: { privateWriting: PrivateWritingState; vote: VoteState | null },
  ctx: { now: number; voteId: string; laneBands: readonly LaneBand[] },
): PhaseStart {
  const durationMs = Math.round(phase.minutes * 60_000)
  const pw = current.privateWriting
  const privateWriting: PrivateWritingState = phase.privateWriting
    ? { ...pw, on: true, round: pw.round + 1 }
    : pw.on
      ? { ...pw, on: false, revealedRound: pw.round }
      : pw
  const lane = phase.laneId ? ctx.laneBands.find((b) => b.laneId === phase.laneId) : undefined
  const regions = lane
    ? ctx.laneBands
        .filter((b) => b.laneId !== lane.laneId)
        .map(toLaneLockRegion)
    : []
  const vote: VoteState | null = phase.voteBudget
    ? {
        id: ctx.voteId,
        open: true,
        budget: phase.voteBudget,
        scope: lane ? { kind: 'lane', laneId: lane.laneId } : { kind: 'board' },
        hideUntilClosed: false,
      }
    : current.vote?.open
      ? { ...current.vote, open: false }
      : current.vote
  return {
    activePhaseId: phase.id,
    timer: { state: 'running', endsAt: ctx.now + durationMs, remainingMs: 0, durationMs },
    privateWriting,
    lock: { board: false, regions },
    vote,
  }
}
