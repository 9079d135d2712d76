import { IncrementalKeyValue } from '../../lib/collab/IncrementalKeyValue'
import * as Y from 'yjs'
import { DOCUMENT_ROOTS, isDocumentRecordId, isDocumentRoot, META_MAP, META_SCHEMA_KEY, NOTE_AUTHOR_KEYS, NOTE_VOTES_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { DocumentRefusal } from '../../lib/collab/describeDocumentRefusal'
import { can, type Role } from '../../lib/collab/roles'
import { getLockRefusal, getParentRefusal, placeShape, type LockableShape } from '../../lib/collab/getLockRefusal'
import { type LockState, readSessionValue, SESSION_MAP, VOTE_SEAL_KEY, VOTES_MAP, type VoteState } from '../../lib/collab/session'
import { parseVoteKey } from '../../lib/collab/sessionVotes'
import { getRichTextLength } from '../../lib/tldraw/richText'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { BoardVoteSealer } from './VoteSealer'
import { VoteKeeper } from './VoteKeeper'

/** The origin of the server's own corrective transactions. */
export const POLICY_ORIGIN = Symbol('policy')

export interface Actor {
  role: Role
  userId: string
  /** The writer's display name, stamped into the notes they create. */
  name?: string
}

export interface PolicyLimits {
  /** Characters a shape's text may hold (MAX_NOTE_CHARS). */
  maxNoteChars: number
}

/** What was refused in one update, for the writer's notice: each reason once, with its limit. */
export type PolicyRefusals = Map<DocumentRefusal, number>

type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue?: unknown }
type RecordChange = { action: 'add' | 'update' | 'delete'; oldValue?: BoardRecord; newValue?: BoardRecord }

const DEFAULT_LIMITS: PolicyLimits = { maxNoteChars: 20_000 }

/**
 * Server-side rules on what a client's update may change, beyond read/write access. For everyone,
 * facilitators included (the document layout, lib/collab/documentLayout.ts):
 * - only the roots of `DOCUMENT_ROOTS`, each of its kind (a new root type, a map key in the records
 *   array or a list item in a map is deleted again);
 * - `meta` is the server's: an editor's browser may only announce the server's own schema (after
 *   migrating an old board); every other write to it is undone;
 * - records are document records (`{ key, val }` with `val.id === key`); a shape's parent exists;
 *   a shape's text holds at most `maxNoteChars` characters;
 * - a note's author (`authorId`, `authorName`) is set from the writer's identity when it is created
 *   (an anonymous reveal may leave both empty) and kept as it is afterwards, except that its own
 *   author may clear it; its tally (`meta.votes`) is the server's (VoteKeeper writes it);
 * - the document record's name changes only through the owner's rename (a server change).
 * For everyone but facilitators:
 * - the session map (timer, votes, private mode, locks, agenda) is the facilitator's;
 * - grid headers and cells, shapes marked locked, shapes whose page-space centre is in a locked
 *   region (whatever their parent), and everything while the board is locked, may be changed by
 *   the facilitator only (lib/collab/getLockRefusal.ts, the rule the browser applies too); a parent
 *   must be a frame or group that is neither grid nor locked;
 * - a dot vote must be one's own, inside the open vote's budget, and for a note; while a hidden vote
 *   is open only the server writes dots (see VoteKeeper: hidden dots, and what happens at closing).
 * An update that breaks a rule is undone at once by a server transaction, so the room, the store
 * and every client (the sender included) end where they were; fields the server owns are put back
 * (or stamped) the same way. Only what the update changed is looked at: the items it inserted, the
 * keys and records it touched, never the whole document.
 */
export class RoomPolicy {
  readonly records: IncrementalKeyValue<BoardRecord>
  private readonly session: Y.Map<unknown>
  private readonly votes: Y.Map<unknown>
  private readonly meta: Y.Map<unknown>
  private readonly voteKeeper: VoteKeeper
  private readonly serverSchema: string | undefined

  /**
   * `sealer` holds this board's hidden-vote keys; without it, hidden votes are hidden in the UI only.
   * `serverSchema` is the tldraw schema this server's app writes (the only one a client may announce).
   */
  constructor(
    private readonly doc: Y.Doc,
    sealer?: BoardVoteSealer,
    private readonly limits: PolicyLimits = DEFAULT_LIMITS,
    serverSchema?: unknown,
  ) {
    this.records = new IncrementalKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY))
    this.session = doc.getMap(SESSION_MAP)
    this.votes = doc.getMap(VOTES_MAP)
    this.meta = doc.getMap(META_MAP)
    this.voteKeeper = new VoteKeeper(this.session, this.votes, this.records, sealer)
    this.serverSchema = serverSchema === undefined ? undefined : stableJson(serverSchema)
  }

  /**
   * Runs `apply` (which applies a client's update) and undoes what breaks a rule. `refuseAll` undoes
   * every change the update made (the board is full). Returns what was refused (empty: all taken).
   */
  enforce(actor: Actor, apply: () => void, refuseAll?: { reason: DocumentRefusal; limit: number }): PolicyRefusals {
    const facilitator = can(actor.role, 'session:facilitate')
    const refusals: PolicyRefusals = new Map()
    const sessionChanges = new Map<string, KeyChange>()
    const voteChanges = new Map<string, KeyChange>()
    const metaChanges = new Map<string, KeyChange>()
    const recordChanges = new Map<string, RecordChange>()
    const inserted: Y.Item[] = []
    const keepFirst = (into: Map<string, KeyChange>) => (e: Y.YMapEvent<unknown>) => e.changes.keys.forEach((c, k) => into.has(k) || into.set(k, c))
    const onSession = keepFirst(sessionChanges)
    const onVotes = keepFirst(voteChanges)
    const onMeta = keepFirst(metaChanges)
    const onRecords = (changes: Map<string, RecordChange>) =>
      changes.forEach((c, k) => (recordChanges.has(k) ? recordChanges.set(k, { ...c, oldValue: recordChanges.get(k)!.oldValue }) : recordChanges.set(k, c)))
    // Every item the update inserted, from the struct store (as IncrementalKeyValue reads them): the
    // only way to see writes to roots nobody observes (a new root type) or of the wrong kind.
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.origin === POLICY_ORIGIN) return
      tr.afterState.forEach((after, client) => {
        const before = tr.beforeState.get(client) ?? 0
        if (after <= before) return
        const structs = this.doc.store.clients.get(client)
        if (!structs) return
        for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
          const struct = structs[i]
          if (struct instanceof Y.Item && struct.parent instanceof Y.AbstractType && struct.parent._item === null) inserted.push(struct)
        }
      })
    }
    // Locks and the vote are judged as they were before this update.
    const lock = readSessionValue(this.session, 'lock')
    const voteBefore = this.voteKeeper.readVote()
    const sealBefore = this.session.get(VOTE_SEAL_KEY)
    this.session.observe(onSession)
    this.votes.observe(onVotes)
    this.meta.observe(onMeta)
    this.records.on('change', onRecords)
    this.doc.on('afterTransaction', onTransaction)
    try {
      apply()
    } finally {
      this.session.unobserve(onSession)
      this.votes.unobserve(onVotes)
      this.meta.unobserve(onMeta)
      this.records.off('change', onRecords)
      this.doc.off('afterTransaction', onTransaction)
    }
    const refuse = (reason: DocumentRefusal, limit = 0) => refusals.set(reason, limit)

    // Roots: unknown ones, and items of the wrong kind in known ones.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rootNames = new Map<Y.AbstractType<any>, string>()
    for (const [name, type] of this.doc.share) rootNames.set(type, name)
    const strayItems = inserted.filter((item) => !item.deleted && (refuseAll !== undefined || this.isStrayItem(item, rootNames.get(item.parent as Y.AbstractType<unknown>))))
    if (strayItems.length > 0) refuse(refuseAll?.reason ?? 'layout', refuseAll?.limit)

    const refusedMeta = [...metaChanges].filter(([key]) => refuseAll !== undefined || !this.isAllowedMeta(key))
    if (refusedMeta.length > 0) refuse(refuseAll?.reason ?? 'layout', refuseAll?.limit)

    const refusedSession = facilitator && !refuseAll ? [] : [...sessionChanges]
    const refusedVotes = [...voteChanges].filter(([key, c]) => refuseAll !== undefined || (!facilitator && !this.isAllowedVote(actor, key, c, voteBefore)))
    if (refusedSession.length + refusedVotes.length > 0) refuse(refuseAll?.reason ?? 'session', refuseAll?.limit)

    const refusedRecords: [string, RecordChange][] = []
    const corrected: [string, BoardRecord][] = []
    for (const [id, change] of recordChanges) {
      const reason = refuseAll ? [refuseAll.reason, refuseAll.limit] as const : this.judgeRecord(actor, facilitator, id, change, lock)
      if (reason) {
        refuse(reason[0], reason[1])
        refusedRecords.push([id, change])
        continue
      }
      const fixed = change.newValue && this.ownedFields(actor, change.oldValue, change.newValue)
      if (fixed) corrected.push([id, fixed])
    }

    const changed = refusals.size > 0 || corrected.length > 0
    if (changed) {
      this.doc.transact((tr) => {
        for (const item of strayItems) if (!item.deleted) item.delete(tr)
        for (const [key, change] of refusedMeta) restore(this.meta, key, change)
        for (const [key, change] of refusedSession) restore(this.session, key, change)
        for (const [key, change] of refusedVotes) restore(this.votes, key, change)
        for (const [id, change] of refusedRecords) {
          if (change.oldValue) this.records.set(id, change.oldValue)
          else if (this.records.has(id)) this.records.delete(id)
        }
        for (const [id, record] of corrected) this.records.set(id, record)
      }, POLICY_ORIGIN)
    }
    if (facilitator && refusedSession.length === 0) {
      this.doc.transact(() => this.voteKeeper.afterFacilitatorChange(voteBefore, sealBefore), POLICY_ORIGIN)
    }
    return refusals
  }

  /** Whether an inserted item lies outside the layout: an unknown root, or the wrong kind of item. */
  private isStrayItem(item: Y.Item, root: string | undefined): boolean {
    if (root === undefined || !isDocumentRoot(root)) return true
    const isMapItem = item.parentSub !== null
    if (DOCUMENT_ROOTS[root] === 'map') return !isMapItem
    if (isMapItem) return true
    // The records array holds `{ key, val }` entries of document records, as plain JSON.
    if (!(item.content instanceof Y.ContentAny)) return true
    return (item.content.getContent() as unknown[]).some((entry) => !isRecordEntry(entry))
  }

  /** The one `meta` write a client may make: announcing the server's own schema (after migrating). */
  private isAllowedMeta(key: string): boolean {
    if (key !== META_SCHEMA_KEY || this.serverSchema === undefined) return false
    const value = this.meta.get(key)
    return value !== undefined && stableJson(value) === this.serverSchema
  }

  /** Why a record change is refused ([reason, limit]), or undefined when it may stay. */
  private judgeRecord(actor: Actor, facilitator: boolean, id: string, change: RecordChange, lock: LockState): readonly [DocumentRefusal, number] | undefined {
    const after = change.newValue
    if (after !== undefined && !isRecordEntry({ key: id, val: after })) return ['layout', 0]
    // The board's own records are never deleted by a client.
    if (!after && change.oldValue?.typeName === 'document') return ['layout', 0]
    const shapeAfter = after?.typeName === 'shape' ? after : undefined
    const shapeBefore = change.oldValue?.typeName === 'shape' ? change.oldValue : undefined
    if (shapeAfter) {
      const parentChanged = !shapeBefore || shapeBefore.parentId !== shapeAfter.parentId
      if (parentChanged && getParentRefusal(shapeAfter.parentId, (p) => this.records.get(p), facilitator)) return [facilitator ? 'layout' : 'lock', 0]
      const props = shapeAfter.props as { richText?: unknown } | undefined
      const text = typeof props === 'object' && props !== null ? props.richText : undefined
      const textBefore = (shapeBefore?.props as { richText?: unknown } | undefined)?.richText
      if (text !== undefined && text !== textBefore && getRichTextLength(text, this.limits.maxNoteChars) > this.limits.maxNoteChars) {
        return ['note-too-long', this.limits.maxNoteChars]
      }
    }
    if (!facilitator && (shapeBefore || shapeAfter)) {
      // The centre matters only when regions are locked (it walks the shape's parents).
      const get = (p: string) => this.records.get(p)
      const place = (shape: BoardRecord) => (lock.regions.length > 0 ? placeShape(shape as LockableShape, get) : { shape: shape as LockableShape })
      if (getLockRefusal(lock, shapeBefore && place(shapeBefore), shapeAfter && place(shapeAfter))) return ['lock', 0]
    }
    return undefined
  }

  /**
   * The record with the fields the server owns put right, or undefined when they are right already:
   * a note's author and tally, the document's name.
   */
  private ownedFields(actor: Actor, before: BoardRecord | undefined, after: BoardRecord): BoardRecord | undefined {
    if (after.typeName === 'document') {
      return before && before.name !== after.name ? { ...after, name: before.name } : undefined
    }
    if (after.typeName !== 'shape' || after.type !== 'note') return undefined
    const meta = readMeta(after)
    const owned: Record<string, unknown> = {}
    if (!before) {
      const anonymous = meta.authorId === '' && meta.authorName === ''
      owned.authorId = anonymous ? '' : actor.userId
      owned.authorName = anonymous ? '' : (actor.name ?? '')
      owned[NOTE_VOTES_KEY] = undefined
    } else {
      const old = readMeta(before)
      const cleared = NOTE_AUTHOR_KEYS.every((k) => meta[k] === '') && old.authorId === actor.userId
      for (const k of NOTE_AUTHOR_KEYS) owned[k] = cleared ? '' : old[k]
      owned[NOTE_VOTES_KEY] = old[NOTE_VOTES_KEY]
    }
    if (Object.entries(owned).every(([k, v]) => meta[k] === v)) return undefined
    const fixed = { ...meta }
    for (const [k, v] of Object.entries(owned)) {
      if (v === undefined) delete fixed[k]
      else fixed[k] = v
    }
    return { ...after, meta: fixed }
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

/** A `{ key, val }` entry of a document record whose id is its key. */
function isRecordEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false
  const { key, val } = entry as { key?: unknown; val?: unknown }
  if (typeof key !== 'string' || !isDocumentRecordId(key) || typeof val !== 'object' || val === null) return false
  const record = val as { id?: unknown; typeName?: unknown }
  return record.id === key && typeof record.typeName === 'string' && key.startsWith(`${record.typeName}:`)
}

function readMeta(record: BoardRecord): Record<string, unknown> {
  return typeof record.meta === 'object' && record.meta !== null && !Array.isArray(record.meta) ? (record.meta as Record<string, unknown>) : {}
}

/** JSON with object keys sorted, to compare schemas whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

function restore(map: Y.Map<unknown>, key: string, change: KeyChange): void {
  if (change.action === 'add') map.delete(key)
  else map.set(key, change.oldValue)
}
