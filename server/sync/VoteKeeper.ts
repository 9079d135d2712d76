import type { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import type * as Y from 'yjs'
import { can, type Role } from '../../lib/collab/roles'
import { readSessionValue, VOTE_SEAL_KEY, type VoteState } from '../../lib/collab/session'
import { buildVoteKey, parseVoteKey, tallyVotes } from '../../lib/collab/sessionVotes'
import { isSealedVote, parseHiddenVoteKey, type VoteSealKey } from '../../lib/collab/voteSeal'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { BoardVoteSealer } from './VoteSealer'

/**
 * The server's part in a dot vote's life, beside RoomPolicy's refusals:
 * - it publishes the public key of an open hidden vote (`session.voteSeal`, the server's alone);
 * - it reads the note a sealed dot is for, so the policy can check it;
 * - while a hidden vote is open it writes the dots itself (placeHiddenDot), under keys that do not
 *   name the voter, and gives each voter their own key to read them (getVoterKey);
 * - when a vote closes (or stops being hidden) it replaces every sealed value with the plain note id,
 *   and when a vote closes it writes the tallies into the notes (`meta.votes`, which exports read).
 * Only the server can do the last two for a hidden vote: nobody else can read the sealed values.
 */
export class VoteKeeper {
  constructor(
    private readonly session: Y.Map<unknown>,
    private readonly votes: Y.Map<unknown>,
    private readonly records: IncrementalKeyValue<BoardRecord>,
    private readonly sealer: BoardVoteSealer | undefined,
  ) {}

  /** The session's vote, read through the session contract (lib/collab/session.ts). */
  readVote(): VoteState | undefined {
    return readSessionValue(this.session, 'vote') ?? undefined
  }

  /** Whether dots of `vote` must be sealed (the server can only require it when it holds the keys). */
  isSealed(vote: VoteState): boolean {
    return vote.open && vote.hideUntilClosed && this.sealer !== undefined
  }

  /** The note a vote entry's value points at: opened if the vote is sealed, plain otherwise. */
  readNoteId(vote: VoteState, key: string, value: unknown): string | undefined {
    if (this.isSealed(vote)) return this.sealer!.open(vote.id, key, value)
    return typeof value === 'string' && !isSealedVote(value) ? value : undefined
  }

  /** The voter key of the open hidden vote `voteId` for someone who may vote in it; otherwise undefined. */
  getVoterKey(voter: { role: Role; userId: string }, voteId: string): string | undefined {
    const vote = this.readVote()
    if (!vote || vote.id !== voteId || !this.isSealed(vote) || !can(voter.role, 'vote')) return undefined
    return this.sealer!.getVoterKey(voteId, voter.userId)
  }

  /**
   * Places (`noteId`) or takes back (`''`) the voter's dot in `slot` of the open hidden vote
   * `voteId`. Refused (nothing written, false) unless the vote is open and hidden, the voter may vote,
   * the slot is within the budget and the note is a note. The slot is in the entry's key, so a
   * voter never has more than `budget` dots, from however many tabs. Call inside a server transaction.
   */
  placeHiddenDot(voter: { role: Role; userId: string }, voteId: string, slot: number, noteId: string): boolean {
    const vote = this.readVote()
    if (!vote || vote.id !== voteId || !this.isSealed(vote) || !can(voter.role, 'vote')) return false
    if (!Number.isInteger(slot) || slot < 0 || slot >= vote.budget) return false
    if (noteId === '') {
      this.votes.delete(this.sealer!.getHiddenDotKey(voteId, voter.userId, slot))
      return true
    }
    const note = this.records.get(noteId)
    if (note?.typeName !== 'shape' || note.type !== 'note') return false
    const { key, value } = this.sealer!.sealHiddenDot(voteId, voter.userId, slot, noteId)
    this.votes.set(key, value)
    return true
  }

  /**
   * Brings the document in line after a facilitator's change, given the vote and seal key before it.
   * Call inside a server transaction.
   */
  afterFacilitatorChange(voteBefore: VoteState | undefined, sealBefore: unknown): void {
    const vote = this.readVote()
    // The seal key is the server's: a facilitator's write to it is undone.
    if (this.session.get(VOTE_SEAL_KEY) !== sealBefore) {
      if (sealBefore === undefined) this.session.delete(VOTE_SEAL_KEY)
      else this.session.set(VOTE_SEAL_KEY, sealBefore)
    }
    const stillSame = (v: VoteState | undefined) => v !== undefined && voteBefore !== undefined && v.id === voteBefore.id && v.open
    if (voteBefore && this.isSealed(voteBefore) && !(stillSame(vote) && vote!.hideUntilClosed)) this.unseal(voteBefore.id)
    if (voteBefore?.open && !stillSame(vote)) this.writeTallies(voteBefore.id)
    if (vote && this.isSealed(vote) && readSessionValue(this.session, VOTE_SEAL_KEY)?.voteId !== vote.id) {
      this.session.set(VOTE_SEAL_KEY, { voteId: vote.id, publicKey: this.sealer!.getPublicKey(vote.id) } satisfies VoteSealKey)
    }
  }

  /**
   * Replaces each sealed value of `voteId` with its note id, and each hidden entry with the plain
   * `voteId|userId|slot` one; one that does not open is dropped.
   */
  private unseal(voteId: string): void {
    for (const [key, value] of [...this.votes.entries()]) {
      if (parseHiddenVoteKey(key)?.voteId === voteId) {
        const dot = this.sealer?.openHiddenDot(voteId, key, value)
        this.votes.delete(key)
        if (dot) this.votes.set(buildVoteKey(voteId, dot.userId, dot.slot), dot.noteId)
        continue
      }
      if (parseVoteKey(key)?.voteId !== voteId || !isSealedVote(value)) continue
      const noteId = this.sealer?.open(voteId, key, value)
      if (noteId) this.votes.set(key, noteId)
      else this.votes.delete(key)
    }
  }

  /** Each note's dots in `voteId` into `meta.votes` (a note without dots and without a count is left alone). */
  private writeTallies(voteId: string): void {
    const tally = tallyVotes(this.votes.entries(), voteId)
    for (const { key, val } of [...this.records.map.values()]) {
      if (val.typeName !== 'shape' || val.type !== 'note') continue
      const meta = (val.meta ?? {}) as Record<string, unknown>
      const count = tally.get(key) ?? 0
      if (meta.votes === count || (meta.votes === undefined && count === 0)) continue
      this.records.set(key, { ...val, meta: { ...meta, votes: count } })
    }
  }
}
