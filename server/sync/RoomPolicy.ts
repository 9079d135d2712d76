import { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { can, type Role } from '../../lib/collab/roles'
import { getShapeLock } from '../../lib/collab/getLockRefusal'
import { DEFAULT_LOCK, LockSchema, parseVoteKey, SESSION_MAP, VOTE_SEAL_KEY, VOTES_MAP, type VoteState } from '../../lib/collab/sessionState'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { BoardVoteSealer } from './VoteSealer'
import { VoteKeeper } from './VoteKeeper'

/** The origin of the server's own corrective transactions. */
export const POLICY_ORIGIN = Symbol('policy')

export interface Actor {
  role: Role
  userId: string
}

type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue?: unknown }

/**
 * Server-side rules on what a client's update may change, beyond read/write access:
 * - the session map (timer, votes, private mode, locks, agenda) is the facilitator's;
 * - grid headers and cells, shapes marked locked, shapes in locked regions, and everything while the
 *   board is locked, may be changed by the facilitator only;
 * - a dot vote must be one's own, inside the open vote's budget, and for a note; while a hidden vote
 *   is open only the server writes dots (see VoteKeeper: hidden dots, and what happens at closing).
 * An update that breaks a rule is undone at once by a server transaction, so the room, the store
 * and every client (the sender included) end where they were.
 */
export class RoomPolicy {
  readonly records: IncrementalKeyValue<BoardRecord>
  private readonly session: Y.Map<unknown>
  private readonly votes: Y.Map<unknown>
  private readonly voteKeeper: VoteKeeper

  /** `sealer` holds this board's hidden-vote keys; without it, hidden votes are hidden in the UI only. */
  constructor(
    private readonly doc: Y.Doc,
    sealer?: BoardVoteSealer,
  ) {
    this.records = new IncrementalKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY))
    this.session = doc.getMap(SESSION_MAP)
    this.votes = doc.getMap(VOTES_MAP)
    this.voteKeeper = new VoteKeeper(this.session, this.votes, this.records, sealer)
  }

  /** Runs `apply` (which applies a client's update) and reverts it if it breaks a rule. Returns whether it was refused. */
  enforce(actor: Actor, apply: () => void): boolean {
    if (can(actor.role, 'session:facilitate')) {
      const voteBefore = this.voteKeeper.readVote()
      const sealBefore = this.session.get(VOTE_SEAL_KEY)
      apply()
      this.doc.transact(() => this.voteKeeper.afterFacilitatorChange(voteBefore, sealBefore), POLICY_ORIGIN)
      return false
    }
    const sessionChanges = new Map<string, KeyChange>()
    const voteChanges = new Map<string, KeyChange>()
    const recordChanges = new Map<string, { action: 'add' | 'update' | 'delete'; oldValue?: BoardRecord; newValue?: BoardRecord }>()
    const onSession = (e: Y.YMapEvent<unknown>) => e.changes.keys.forEach((c, k) => sessionChanges.has(k) || sessionChanges.set(k, c))
    const onVotes = (e: Y.YMapEvent<unknown>) => e.changes.keys.forEach((c, k) => voteChanges.has(k) || voteChanges.set(k, c))
    const onRecords = (changes: Map<string, { action: 'add' | 'update' | 'delete'; oldValue?: BoardRecord; newValue?: BoardRecord }>) =>
      changes.forEach((c, k) => (recordChanges.has(k) ? recordChanges.set(k, { ...c, oldValue: recordChanges.get(k)!.oldValue }) : recordChanges.set(k, c)))
    // Locks and the vote are judged as they were before this update.
    const lockBefore = LockSchema.safeParse(this.session.get('lock'))
    const lock = lockBefore.success ? lockBefore.data : DEFAULT_LOCK
    const voteBefore = this.voteKeeper.readVote()
    this.session.observe(onSession)
    this.votes.observe(onVotes)
    this.records.on('change', onRecords)
    try {
      apply()
    } finally {
      this.session.unobserve(onSession)
      this.votes.unobserve(onVotes)
      this.records.off('change', onRecords)
    }

    const refusedRecords = [...recordChanges].filter(([, c]) => this.isLockedChange(c.oldValue, c.newValue, lock))
    const refusedVotes = [...voteChanges].filter(([key, c]) => !this.isAllowedVote(actor, key, c, voteBefore))
    if (sessionChanges.size === 0 && refusedRecords.length === 0 && refusedVotes.length === 0) return false

    this.doc.transact(() => {
      for (const [key, change] of sessionChanges) restore(this.session, key, change)
      for (const [key, change] of refusedVotes) restore(this.votes, key, change)
      for (const [id, change] of refusedRecords) {
        if (change.oldValue) this.records.set(id, change.oldValue)
        else this.records.delete(id)
      }
    }, POLICY_ORIGIN)
    return true
  }

  private isLockedChange(before: BoardRecord | undefined, after: BoardRecord | undefined, lock: typeof DEFAULT_LOCK): boolean {
    // The same rule participants' browsers apply before sending (see lib/collab/getLockRefusal.ts).
    return [before, after].some((r) => r?.typeName === 'shape' && getShapeLock({ x: r.x, y: r.y, parentId: r.parentId, meta: r.meta }, lock) !== undefined)
  }

  /** The voter key of the open hidden vote, for the actor's own connection (see VoteKeeper.getVoterKey). */
  getVoterKey(actor: Actor, voteId: string): string | undefined {
    return this.voteKeeper.getVoterKey(actor, voteId)
  }

  /** Places or takes back a hidden dot for the actor; call inside a server transaction (see VoteKeeper.placeHiddenDot). */
  placeHiddenDot(actor: Actor, voteId: string, slot: number, noteId: string): boolean {
    return this.voteKeeper.placeHiddenDot(actor, voteId, slot, noteId)
  }

  private isAllowedVote(actor: Actor, key: string, change: KeyChange, vote: VoteState | undefined): boolean {
    if (!can(actor.role, 'vote') || !vote?.open) return false
    // A hidden vote's dots are written by the server only (MessageType.HIDDEN_DOT): a dot the voter
    // wrote would carry their Yjs client id, which their presence ties to their name.
    if (this.voteKeeper.isSealed(vote)) return false
    const parsed = parseVoteKey(key)
    if (!parsed || parsed.voteId !== vote.id || parsed.userId !== actor.userId || parsed.slot >= vote.budget) return false
    if (change.action === 'delete') return true
    const noteId = this.voteKeeper.readNoteId(vote, key, this.votes.get(key))
    const note = noteId ? this.records.get(noteId) : undefined
    return note?.typeName === 'shape' && note.type === 'note'
  }
}

function restore(map: Y.Map<unknown>, key: string, change: KeyChange): void {
  if (change.action === 'add') map.delete(key)
  else map.set(key, change.oldValue)
}
