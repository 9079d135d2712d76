import type { LockState, Phase, PrivateWritingState, SessionChange, TimerState, VoteState } from './session'
import { toLaneLockRegion, type LaneBand } from './sessionLocks'
import { buildTimerStart } from './sessionTimer'

/** The agenda (the `agenda` and `activePhaseId` keys of the session contract, session.ts): its phases, and what starting one sets. */

/** The agenda with `phase` added last (validate it with PhaseSchema first: readers drop bad phases). */
export function buildAgendaAdd(agenda: readonly Phase[], phase: Phase): { agenda: Phase[] } {
  return { agenda: [...agenda, phase] }
}

export function buildAgendaRemove(agenda: readonly Phase[], phaseId: string): { agenda: Phase[] } {
  return { agenda: agenda.filter((p) => p.id !== phaseId) }
}

/** The session keys a phase start writes, in one transaction. */
export interface PhaseStart extends SessionChange {
  activePhaseId: string
  timer: TimerState
  privateWriting: PrivateWritingState
  lock: LockState
  vote: VoteState | null
}

/**
 * The session state that starting `phase` sets, all at once:
 * - the timer runs for the phase's minutes from server time `now`;
 * - a private phase starts a new private-writing round; any other phase reveals a round still open,
 *   since the notes written in it are what the next phase works on;
 * - a phase with a lane locks every other lane (the lane's own band stays open); without one, or if
 *   the lane no longer exists, nothing is locked;
 * - a phase with a vote budget opens vote `voteId`, scoped to the lane if any; without one, an open
 *   vote is closed (the server writes its tallies into the notes, as closing a vote always does).
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
    ...buildTimerStart(ctx.now, durationMs),
    privateWriting,
    lock: { board: false, regions },
    vote,
  }
}
