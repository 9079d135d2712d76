import { z } from 'zod'
import type { Rect } from '../templates/gridLayout'
import { getGridMeta } from '../templates/gridMeta'
import { isShapeRecord, type BoardRecord } from '../tldraw/records'
import { isSealedVote, VoteSealKeySchema, type VoteSealKey } from './voteSeal'

/**
 * The session contract: how workshop state lives in a board's Yjs document, read (readSession,
 * readSessionValue) and written (the build* change builders, applySessionChange) in this one place
 * by the browser, the server's policy and the tests. The layout is public (README "Document layout").
 *
 * - `doc.getMap(SESSION_MAP)`: one key per feature (SESSION_KEYS). Only facilitators may change it,
 *   except `voteSeal`, which is the server's alone: the sync server reverts anyone else's change.
 * - `doc.getMap(VOTES_MAP)`: dot votes, key `voteId|userId|slot`, value the voted note's shape id;
 *   while a hidden vote is open, the note id sealed for the server instead (see voteSeal.ts).
 *
 * The schemas stay private to this file, so nothing parses the map another way. lib/ takes no yjs
 * runtime, so the document is seen through the structural SessionDoc (a Y.Doc is one).
 */
export const SESSION_MAP = 'session'
export const VOTES_MAP = 'votes'
/** Session key of the open hidden vote's public key (written by the server only; see voteSeal.ts). */
export const VOTE_SEAL_KEY = 'voteSeal'

/** The part of a Y.Map the contract uses (a `Y.Map<unknown>` is one). */
export interface SessionMap {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
  entries(): Iterable<[string, unknown]>
}

/** The part of a Y.Doc the contract uses. */
export interface SessionDoc {
  getMap(name: string): SessionMap
  transact(fn: () => void): unknown
}

const TimerSchema = z.object({
  state: z.enum(['running', 'paused', 'stopped']),
  /** Server time (ms since epoch) at which a running timer reaches zero. */
  endsAt: z.number().nullable(),
  /** Time left when paused or stopped, ms. */
  remainingMs: z.number().min(0),
  durationMs: z.number().min(0),
})
export type TimerState = z.infer<typeof TimerSchema>

const VoteScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board') }),
  z.object({ kind: z.literal('stage'), stageId: z.string() }),
  z.object({ kind: z.literal('lane'), laneId: z.string() }),
])
export type VoteScope = z.infer<typeof VoteScopeSchema>

const VoteSchema = z.object({
  id: z.string().min(1),
  open: z.boolean(),
  budget: z.number().int().min(1).max(50),
  scope: VoteScopeSchema,
  hideUntilClosed: z.boolean(),
})
export type VoteState = z.infer<typeof VoteSchema>

const PrivateWritingSchema = z.object({
  on: z.boolean(),
  /** Increases each time private writing starts; a note remembers the round it was written in. */
  round: z.number().int().min(0),
  /** The last round that was revealed. Notes of rounds ≤ this may be shared. */
  revealedRound: z.number().int().min(0),
  anonymous: z.boolean(),
})
export type PrivateWritingState = z.infer<typeof PrivateWritingSchema>

const LockSchema = z.object({
  board: z.boolean(),
  regions: z.array(z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() })),
})
export type LockState = z.infer<typeof LockSchema>

/** Whom everyone follows ("Bring everyone here"): a presence user id, and the name shown. */
const FollowMeSchema = z.object({
  userId: z.string(),
  // A leader without a readable name is still followed.
  name: z.string().catch(''),
})
export type FollowMe = z.infer<typeof FollowMeSchema>

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

/** What each session key holds, as read (a missing or malformed value reads as its default). */
export interface SessionValues {
  timer: TimerState
  vote: VoteState | null
  privateWriting: PrivateWritingState
  lock: LockState
  followMe: FollowMe | null
  showAuthors: boolean
  agenda: Phase[]
  activePhaseId: string | null
  /** The open hidden vote's public key, published by the server: dots are sealed with it. */
  [VOTE_SEAL_KEY]: VoteSealKey | null
}
export type SessionKey = keyof SessionValues
/** The keys facilitators write (everything but the server's `voteSeal`). */
export type FacilitatorSessionKey = Exclude<SessionKey, typeof VOTE_SEAL_KEY>
/** A facilitator's change: the keys it sets, written in one transaction by applySessionChange. */
export type SessionChange = Partial<Pick<SessionValues, FacilitatorSessionKey>>

/** The whole session as read: every key, and the dot-vote entries. */
export interface Session extends SessionValues {
  /** Dot-vote entries: key `voteId|userId|slot` → note id (sealed while a hidden vote is open). */
  votes: [string, string][]
}

export const DEFAULT_TIMER: TimerState = { state: 'stopped', endsAt: null, remainingMs: 0, durationMs: 0 }
export const DEFAULT_PRIVATE_WRITING: PrivateWritingState = { on: false, round: 0, revealedRound: 0, anonymous: false }
export const DEFAULT_LOCK: LockState = { board: false, regions: [] }

const parseOr =
  <T>(schema: z.ZodType<T>, fallback: T) =>
  (raw: unknown): T => {
    const parsed = schema.safeParse(raw)
    return parsed.success ? parsed.data : fallback
  }

/** How each key is read: the one schema of each, shared by browser and server. */
const SESSION_READERS: { [K in SessionKey]: (raw: unknown) => SessionValues[K] } = {
  timer: parseOr(TimerSchema, DEFAULT_TIMER),
  vote: parseOr<VoteState | null>(VoteSchema, null),
  privateWriting: parseOr(PrivateWritingSchema, DEFAULT_PRIVATE_WRITING),
  lock: parseOr(LockSchema, DEFAULT_LOCK),
  followMe: parseOr<FollowMe | null>(FollowMeSchema, null),
  // Authors show unless a facilitator hid them.
  showAuthors: (raw) => raw !== false,
  // One malformed phase is dropped, not the whole agenda.
  agenda: (raw) => (Array.isArray(raw) ? raw.filter((p): p is Phase => PhaseSchema.safeParse(p).success) : []),
  activePhaseId: (raw) => (typeof raw === 'string' ? raw : null),
  [VOTE_SEAL_KEY]: parseOr<VoteSealKey | null>(VoteSealKeySchema, null),
}

export const SESSION_KEYS = Object.keys(SESSION_READERS) as SessionKey[]

/** The document's session map. */
export function getSessionMap(doc: SessionDoc): SessionMap {
  return doc.getMap(SESSION_MAP)
}

/**
 * One session key, validated: a missing or malformed value reads as its default. The server reads
 * single keys with it on every update (reading the whole session there would cost a parse of
 * everything, the agenda and votes included, per edit).
 */
export function readSessionValue<K extends SessionKey>(session: SessionMap, key: K): SessionValues[K] {
  return SESSION_READERS[key](session.get(key))
}

/** The whole session of a board's document, validated key by key, and its dot-vote entries. */
export function readSession(doc: SessionDoc): Session {
  const session = getSessionMap(doc)
  const values = Object.fromEntries(SESSION_KEYS.map((key) => [key, readSessionValue(session, key)])) as unknown as SessionValues
  const votes = [...doc.getMap(VOTES_MAP).entries()].filter((e): e is [string, string] => typeof e[1] === 'string')
  return { ...values, votes }
}

/**
 * Writes a facilitator's change, every key in one transaction, so nobody sees half of it (the
 * server reverts it for anyone else). A key set to `null` is written as null (no vote, no leader).
 */
export function applySessionChange(doc: SessionDoc, change: SessionChange): void {
  const session = getSessionMap(doc)
  doc.transact(() => {
    for (const [key, value] of Object.entries(change)) if (value !== undefined) session.set(key, value)
  })
}

/** Remaining timer time at server time `now`, in ms (never negative). */
export function getRemainingMs(timer: TimerState, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now)
  return timer.remainingMs
}

/** A timer running for `durationMs` from server time `now`. */
export function buildTimerStart(now: number, durationMs: number): { timer: TimerState } {
  return { timer: { state: 'running', endsAt: now + durationMs, remainingMs: 0, durationMs } }
}

/** A running timer paused at server time `now`, keeping what was left. */
export function buildTimerPause(timer: TimerState, now: number): { timer: TimerState } {
  return { timer: { ...timer, state: 'paused', endsAt: null, remainingMs: getRemainingMs(timer, now) } }
}

/** A paused timer running again from server time `now`. */
export function buildTimerResume(timer: TimerState, now: number): { timer: TimerState } {
  return { timer: { ...timer, state: 'running', endsAt: now + timer.remainingMs, remainingMs: 0 } }
}

/** `ms` more on the timer: a running one ends later, a paused one has more left. */
export function buildTimerExtend(timer: TimerState, now: number, ms: number): { timer: TimerState } {
  return { timer: timer.state === 'running' ? { ...timer, endsAt: (timer.endsAt ?? now) + ms } : { ...timer, remainingMs: timer.remainingMs + ms } }
}

export function buildTimerStop(): { timer: TimerState } {
  return { timer: { ...DEFAULT_TIMER } }
}

/** Starts the next private-writing round; `anonymous` says whether its notes are revealed without authors. */
export function buildPrivateWritingStart(pw: PrivateWritingState, anonymous: boolean): { privateWriting: PrivateWritingState } {
  return { privateWriting: { ...pw, on: true, round: pw.round + 1, anonymous } }
}

/** Ends private writing and reveals its round. */
export function buildPrivateWritingReveal(pw: PrivateWritingState, anonymous: boolean): { privateWriting: PrivateWritingState } {
  return { privateWriting: { ...pw, on: false, revealedRound: pw.round, anonymous } }
}

/** Opens vote `id` (a new id per vote: dots are keyed by it). */
export function buildVoteOpen(vote: Omit<VoteState, 'open'>): { vote: VoteState } {
  return { vote: { ...vote, open: true } }
}

/** Closes a vote; the server writes its tallies into the notes (it alone can read a hidden vote's dots). */
export function buildVoteClose(vote: VoteState): { vote: VoteState } {
  return { vote: { ...vote, open: false } }
}

/** Locks or unlocks the whole board, keeping the locked regions. */
export function buildBoardLock(lock: LockState, board: boolean): { lock: LockState } {
  return { lock: { ...lock, board } }
}

/** Locks one more region. */
export function buildRegionLock(lock: LockState, region: Rect): { lock: LockState } {
  return { lock: { ...lock, regions: [...lock.regions, { x: region.x, y: region.y, w: region.w, h: region.h }] } }
}

/** Unlocks every region equal to `region` (a lane's band, say). */
export function buildRegionUnlock(lock: LockState, region: Rect): { lock: LockState } {
  return { lock: { ...lock, regions: lock.regions.filter((r) => !isSameRect(r, region)) } }
}

/** Unlocks every region (a board lock stays). */
export function buildRegionsUnlockAll(lock: LockState): { lock: LockState } {
  return { lock: { ...lock, regions: [] } }
}

/** Everyone follows `leader`, or nobody (`null`). */
export function buildFollowMe(leader: FollowMe | null): { followMe: FollowMe | null } {
  return { followMe: leader }
}

export function buildShowAuthors(showAuthors: boolean): { showAuthors: boolean } {
  return { showAuthors }
}

/** The agenda with `phase` added last (validate it with PhaseSchema first: readers drop bad phases). */
export function buildAgendaAdd(agenda: readonly Phase[], phase: Phase): { agenda: Phase[] } {
  return { agenda: [...agenda, phase] }
}

export function buildAgendaRemove(agenda: readonly Phase[], phaseId: string): { agenda: Phase[] } {
  return { agenda: agenda.filter((p) => p.id !== phaseId) }
}

/** Whether two rects are the same region. */
export function isSameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h
}

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

/** Each lane's band, read from the lane headers (page-level, unrotated shapes with `props.h`). */
export function getLaneBands(records: readonly BoardRecord[]): LaneBand[] {
  return records.flatMap((r) => {
    const meta = isShapeRecord(r) ? getGridMeta(r.meta) : undefined
    if (!isShapeRecord(r) || meta?.jbRole !== 'lane') return []
    return [{ laneId: meta.jbId, minY: r.y, maxY: r.y + Number(r.props.h ?? 0) }]
  })
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
