import { z } from 'zod'
import type { Rect } from '../templates/gridLayout'
import { isSealedVote } from './voteSeal'

/**
 * Workshop session state lives in the board's Yjs document, in `doc.getMap(SESSION_MAP)`, one key per
 * feature. Only facilitators may change it: the sync server reverts anyone else's change.
 */
export const SESSION_MAP = 'session'
/**
 * Dot votes: `doc.getMap(VOTES_MAP)`, key `voteId|userId|slot`, value the voted note's shape id; while
 * a hidden vote is open, the note id sealed for the server instead (see voteSeal.ts).
 */
export const VOTES_MAP = 'votes'
/** Session key of the open hidden vote's public key (written by the server only; see voteSeal.ts). */
export const VOTE_SEAL_KEY = 'voteSeal'

export const TimerSchema = z.object({
  state: z.enum(['running', 'paused', 'stopped']),
  /** Server time (ms since epoch) at which a running timer reaches zero. */
  endsAt: z.number().nullable(),
  /** Time left when paused or stopped, ms. */
  remainingMs: z.number().min(0),
  durationMs: z.number().min(0),
})
export type TimerState = z.infer<typeof TimerSchema>

export const VoteScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board') }),
  z.object({ kind: z.literal('stage'), stageId: z.string() }),
  z.object({ kind: z.literal('lane'), laneId: z.string() }),
])
export type VoteScope = z.infer<typeof VoteScopeSchema>

export const VoteSchema = z.object({
  id: z.string().min(1),
  open: z.boolean(),
  budget: z.number().int().min(1).max(50),
  scope: VoteScopeSchema,
  hideUntilClosed: z.boolean(),
})
export type VoteState = z.infer<typeof VoteSchema>

export const PrivateWritingSchema = z.object({
  on: z.boolean(),
  /** Increases each time private writing starts; a note remembers the round it was written in. */
  round: z.number().int().min(0),
  /** The last round that was revealed. Notes of rounds ≤ this may be shared. */
  revealedRound: z.number().int().min(0),
  anonymous: z.boolean(),
})
export type PrivateWritingState = z.infer<typeof PrivateWritingSchema>

export const LockSchema = z.object({
  board: z.boolean(),
  regions: z.array(z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() })),
})
export type LockState = z.infer<typeof LockSchema>

export const PhaseSchema = z.object({
  id: z.string(),
  title: z.string().min(1),
  minutes: z.number().min(0.5).max(240),
  privateWriting: z.boolean(),
  /** Lane to work in: every other lane is locked during the phase. */
  laneId: z.string().nullable(),
  /** Opens a vote with this budget, scoped to the lane if one is set. */
  voteBudget: z.number().int().min(1).max(50).nullable(),
})
export type Phase = z.infer<typeof PhaseSchema>

export const SESSION_KEYS = ['timer', 'vote', 'privateWriting', 'lock', 'followMe', 'showAuthors', 'agenda', 'activePhaseId', VOTE_SEAL_KEY] as const
export type SessionKey = (typeof SESSION_KEYS)[number]

export const DEFAULT_TIMER: TimerState = { state: 'stopped', endsAt: null, remainingMs: 0, durationMs: 0 }
export const DEFAULT_PRIVATE_WRITING: PrivateWritingState = { on: false, round: 0, revealedRound: 0, anonymous: false }
export const DEFAULT_LOCK: LockState = { board: false, regions: [] }

/** Remaining timer time at server time `now`, in ms (never negative). */
export function getRemainingMs(timer: TimerState, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now)
  return timer.remainingMs
}

/** The vote key of one dot: who placed it, in which slot of their budget. */
export function buildVoteKey(voteId: string, userId: string, slot: number): string {
  return `${voteId}|${userId}|${slot}`
}

export function parseVoteKey(key: string): { voteId: string; userId: string; slot: number } | undefined {
  const parts = key.split('|')
  if (parts.length !== 3) return undefined
  const slot = Number(parts[2])
  return Number.isInteger(slot) && slot >= 0 ? { voteId: parts[0], userId: parts[1], slot } : undefined
}

/** Counts dots per note for one vote. Sealed dots (a hidden vote still open) are not readable, so not counted. */
export function tallyVotes(entries: Iterable<[string, unknown]>, voteId: string): Map<string, number> {
  const tally = new Map<string, number>()
  for (const [key, noteId] of entries) {
    if (typeof noteId !== 'string' || isSealedVote(noteId) || parseVoteKey(key)?.voteId !== voteId) continue
    tally.set(noteId, (tally.get(noteId) ?? 0) + 1)
  }
  return tally
}

/** The first locked region holding a point (half-open: a region's right and bottom edges are outside it). */
export function findLockedRegion(regions: readonly Rect[], x: number, y: number): Rect | undefined {
  return regions.find((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
}

/** Whether a point lies in any locked region. */
export function isInLockedRegion(regions: readonly Rect[], x: number, y: number): boolean {
  return findLockedRegion(regions, x, y) !== undefined
}
