'use client'
import { useEffect, useMemo, useRef } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { VOTES_MAP, type Session, type VoteState } from '../../lib/collab/session'
import { buildVoteKey, parseVoteKey, tallyVotes } from '../../lib/collab/sessionVotes'
import { useMyHiddenDots } from './useMyHiddenDots'

/** Why "+" is disabled once every dot is placed. */
export function getNoDotsLeftText(budget: number): string {
  return `No dots left: ${budget} of ${budget} used`
}

/** One person's part in the session's dot vote, for whichever view shows the notes. */
export interface DotVoting {
  /** The vote (open or closed), null when none has been held. */
  vote: VoteState | null
  /** Dots per note id: everyone's, as far as this person may see them (see showTally). */
  tally: Map<string, number>
  /** This person's dots as [slot, note id]. */
  mine: [number, string][]
  /** Whether everyone's counts are shown: not while a vote that hides them is open. */
  showTally: boolean
  /** Whether this person can place a dot now (the vote is open and, if hidden, their voter key came). */
  canPlace: boolean
  /** Why "+" is disabled, or undefined while this person has dots left. */
  noDotsLeft: string | undefined
  addDot(noteId: string): void
  removeDot(noteId: string): void
}

/**
 * Dot voting for one person: their dots, the tally they may see, and placing or taking back a dot.
 * In an open vote whose counts are hidden (the server publishes voteSeal with it), the server writes
 * the dots and this person's are read with their voter key (useMyHiddenDots); otherwise a dot is an
 * entry of the votes map under this person's key. Mount it once per board view: the voter-key reply
 * has one handler on the connection.
 */
export function useDotVoting(session: Session, doc: Y.Doc, userId: string, canVote: boolean, provider: WebsocketProvider | undefined): DotVoting {
  const vote = session.vote
  const hiddenVoteId = vote?.open && vote.hideUntilClosed && session.voteSeal?.voteId === vote.id ? vote.id : undefined
  const hiddenState = useMyHiddenDots(canVote ? provider : undefined, hiddenVoteId, vote?.budget ?? 0, session.votes)
  const hidden = hiddenVoteId ? hiddenState : undefined
  const tally = useMemo(() => (vote ? tallyVotes(session.votes, vote.id) : new Map<string, number>()), [session.votes, vote])
  const hiddenDots = hidden?.dots
  const mine = useMemo((): [number, string][] => {
    if (!vote) return []
    if (hidden) return (hiddenDots ?? []).flatMap((noteId, slot): [number, string][] => (noteId ? [[slot, noteId]] : []))
    return session.votes.flatMap(([k, v]): [number, string][] => {
      const p = parseVoteKey(k)
      return p?.voteId === vote.id && p.userId === userId ? [[p.slot, v]] : []
    })
  }, [hidden, hiddenDots, session.votes, userId, vote])
  // Slots sent to the server for a hidden vote whose entries have not come back yet.
  const placing = useRef(new Set<number>())
  // A slot being placed is free again once my dots have changed (the entry came, or was refused).
  useEffect(() => placing.current.clear(), [hiddenDots])

  function addDot(noteId: string) {
    if (!vote) return
    const used = new Set([...mine.map(([slot]) => slot), ...placing.current])
    const slot = Array.from({ length: vote.budget }, (_, i) => i).find((i) => !used.has(i))
    if (slot === undefined) return
    if (hidden) {
      // The server writes it (so nothing in the document names this person); the slot stays taken
      // here until the entry arrives.
      placing.current.add(slot)
      hidden.send(slot, noteId)
      return
    }
    doc.getMap(VOTES_MAP).set(buildVoteKey(vote.id, userId, slot), noteId)
  }
  function removeDot(noteId: string) {
    const entry = mine.find(([, n]) => n === noteId)
    if (!entry || !vote) return
    if (hidden) hidden.send(entry[0], '')
    else doc.getMap(VOTES_MAP).delete(buildVoteKey(vote.id, userId, entry[0]))
  }

  return {
    vote,
    tally,
    mine,
    showTally: !!vote && (!vote.open || !vote.hideUntilClosed),
    canPlace: !!vote?.open && (!hidden || hiddenDots !== undefined),
    noDotsLeft: vote && mine.length >= vote.budget ? getNoDotsLeftText(vote.budget) : undefined,
    addDot,
    removeDot,
  }
}
