import { z } from 'zod'
import { VoteSealKeySchema, type VoteSealKey } from './voteSeal'

/**
 * The session contract: how workshop state lives in a board's Yjs document, read (readSession,
 * readSessionValue) and written (applySessionChange, with a change from a build* builder) by the
 * browser, the server's policy and the tests. The layout is public (README "Document layout").
 * The builders of one feature's changes live beside it: sessionTimer.ts, sessionVotes.ts,
 * sessionLocks.ts, sessionAgenda.ts; the small ones (private writing, follow me, authors) here.
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

/** Starts the next private-writing round; `anonymous` says whether its notes are revealed without authors. */
export function buildPrivateWritingStart(pw: PrivateWritingState, anonymous: boolean): { privateWriting: PrivateWritingState } {
  return { privateWriting: { ...pw, on: true, round: pw.round + 1, anonymous } }
}

/** Ends private writing and reveals its round. */
export function buildPrivateWritingReveal(pw: PrivateWritingState, anonymous: boolean): { privateWriting: PrivateWritingState } {
  return { privateWriting: { ...pw, on: false, revealedRound: pw.round, anonymous } }
}

/** Everyone follows `leader`, or nobody (`null`). */
export function buildFollowMe(leader: FollowMe | null): { followMe: FollowMe | null } {
  return { followMe: leader }
}

export function buildShowAuthors(showAuthors: boolean): { showAuthors: boolean } {
  return { showAuthors }
}
