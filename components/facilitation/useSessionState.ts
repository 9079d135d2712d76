'use client'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import {
  DEFAULT_LOCK,
  DEFAULT_PRIVATE_WRITING,
  DEFAULT_TIMER,
  LockSchema,
  PhaseSchema,
  PrivateWritingSchema,
  SESSION_MAP,
  TimerSchema,
  VoteSchema,
  VOTE_SEAL_KEY,
  VOTES_MAP,
  type LockState,
  type Phase,
  type PrivateWritingState,
  type TimerState,
  type VoteState,
} from '../../lib/collab/sessionState'
import { VoteSealKeySchema, type VoteSealKey } from '../../lib/collab/voteSeal'

export interface SessionState {
  timer: TimerState
  vote: VoteState | null
  privateWriting: PrivateWritingState
  lock: LockState
  followMe: { userId: string; name: string } | null
  showAuthors: boolean
  agenda: Phase[]
  activePhaseId: string | null
  /** The open hidden vote's public key, published by the server: dots are sealed with it. */
  voteSeal: VoteSealKey | null
  /** Dot-vote entries: key `voteId|userId|slot` → note id (sealed while a hidden vote is open). */
  votes: [string, string][]
}

/** Reads the session map, falling back to defaults for anything missing or malformed. */
export function readSessionState(doc: Y.Doc): SessionState {
  const session = doc.getMap(SESSION_MAP)
  const parse = <T,>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: unknown, fallback: T): T => {
    const r = schema.safeParse(value)
    return r.success ? (r.data as T) : fallback
  }
  const follow = session.get('followMe') as SessionState['followMe'] | undefined
  const agenda = session.get('agenda')
  return {
    timer: parse(TimerSchema, session.get('timer'), DEFAULT_TIMER),
    vote: parse<VoteState | null>(VoteSchema, session.get('vote'), null),
    privateWriting: parse(PrivateWritingSchema, session.get('privateWriting'), DEFAULT_PRIVATE_WRITING),
    lock: parse(LockSchema, session.get('lock'), DEFAULT_LOCK),
    followMe: follow && typeof follow.userId === 'string' ? follow : null,
    showAuthors: session.get('showAuthors') !== false,
    agenda: Array.isArray(agenda) ? agenda.flatMap((p) => (PhaseSchema.safeParse(p).success ? [p as Phase] : [])) : [],
    activePhaseId: typeof session.get('activePhaseId') === 'string' ? (session.get('activePhaseId') as string) : null,
    voteSeal: parse<VoteSealKey | null>(VoteSealKeySchema, session.get(VOTE_SEAL_KEY), null),
    votes: [...doc.getMap<string>(VOTES_MAP).entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  }
}

/** Live session state of the board's document. */
export function useSessionState(doc: Y.Doc | undefined): SessionState | undefined {
  const [state, setState] = useState<SessionState>()
  useEffect(() => {
    if (!doc) return
    const refresh = () => setState(readSessionState(doc))
    refresh()
    const session = doc.getMap(SESSION_MAP)
    const votes = doc.getMap(VOTES_MAP)
    session.observe(refresh)
    votes.observe(refresh)
    return () => {
      session.unobserve(refresh)
      votes.unobserve(refresh)
    }
  }, [doc])
  return state
}

/** Writes one session key (facilitators only: the server reverts anyone else). */
export function setSessionValue(doc: Y.Doc, key: string, value: unknown): void {
  doc.getMap(SESSION_MAP).set(key, value)
}
