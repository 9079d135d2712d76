import type { VoteState } from './session'
import { isSealedVote } from './voteSeal'

/**
 * Dot votes: opening and closing one (the `vote` key of the session contract, session.ts), and the
 * layout of VOTES_MAP: key `voteId|userId|slot`, value the voted note's id or its seal.
 */

/** Opens vote `id` (a new id per vote: dots are keyed by it). */
export function buildVoteOpen(vote: Omit<VoteState, 'open'>): { vote: VoteState } {
  return { vote: { ...vote, open: true } }
}

/** Closes a vote; the server writes its tallies into the notes (it alone can read a hidden vote's dots). */
export function buildVoteClose(vote: VoteState): { vote: VoteState } {
  return { vote: { ...vote, open: false } }
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
