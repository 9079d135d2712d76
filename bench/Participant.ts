import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { IncrementalKeyValue } from '../lib/collab/IncrementalKeyValue'
import { RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { NOTE_AUTHOR_KEYS } from '../lib/collab/documentLayout'
import { buildBenchNote, getBenchNoteId, getEditToken, readBenchMeta } from './buildBenchNote'
import { buildBenchPresence, buildBenchUser } from './buildBenchPresence'

/** Wall-clock milliseconds with sub-millisecond resolution; comparable between processes on one machine. */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now()
}

export interface ParticipantOptions {
  /** y-websocket server URL without the room, e.g. `ws://127.0.0.1:3000/sync`. */
  serverUrl: string
  boardId: string
  name: string
  token?: string
  /** How many notes this participant owns and edits in turn. */
  noteCount: number
  /** Observers record which edits of others arrived and when. */
  observer: boolean
  /**
   * Drop what others send (presence at once; document updates once `deafen` is called) unread
   * instead of applying it. One machine cannot apply every delivery for hundreds of simulated
   * people; a deaf client still receives every byte and still writes valid updates (its own notes
   * only reference the document it had when deafened and its own earlier edits).
   */
  deaf: boolean
  /**
   * `cursor`: presence is `{ cursor: { x, y } }` (the load bench); `tldraw`: a full tldraw
   * instance_presence record as the board page publishes it (needed when a browser shows it).
   */
  presence: 'cursor' | 'tldraw'
  WebSocketPolyfill: typeof globalThis.WebSocket
}

/** y-websocket message types. */
const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const COLORS = ['#1971c2', '#e03131', '#2f9e44', '#f08c00', '#6741d9', '#0c8599']

/**
 * One simulated person at a board: a stock y-websocket provider with its own Y.Doc, writing tldraw
 * note records in the documented YKeyValue layout (through IncrementalKeyValue, as the board page
 * does) and publishing a cursor.
 */
export class Participant {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly kv: IncrementalKeyValue<unknown>
  /** Edits made so far (every `set` of a note counts one). */
  sent = 0
  readonly connectStartedAt = performance.now()
  /** Milliseconds from creating the provider to its first `sync`. */
  setupMs: number | undefined
  /** Connections lost after the first sync, before `destroy`. */
  drops = 0
  /** Close codes of every lost connection (0: closed by the client's own 30 s silence watchdog). */
  closeCodes: number[] = []
  /** Observer: per author, the latest edit number seen on each of its notes. */
  readonly latestSeen = new Map<string, number[]>()
  /** Observer: remote-arrival latency (ms) of every measured edit. */
  latenciesMs: number[] = []
  private readonly places: { x: number; y: number }[]
  private readonly color: string
  private destroyed = false
  private deafened = false

  constructor(readonly options: ParticipantOptions, index: number) {
    this.color = COLORS[index % COLORS.length]
    this.provider = new WebsocketProvider(options.serverUrl, options.boardId, this.doc, {
      WebSocketPolyfill: options.WebSocketPolyfill,
      disableBc: true,
      params: options.token ? { token: options.token } : {},
    })
    this.kv = new IncrementalKeyValue(this.doc.getArray(RECORDS_ARRAY))
    if (options.deaf) makeDeaf(this.provider, () => this.deafened)
    this.places = Array.from({ length: options.noteCount }, (_, n) => ({ x: 300 + ((index * 7 + n) % 24) * 230, y: 200 + ((index + n * 3) % 30) * 220 }))
    this.provider.awareness.setLocalStateField('user', buildBenchUser(options.name, this.color))
    this.provider.once('sync', () => (this.setupMs = performance.now() - this.connectStartedAt))
    this.provider.on('connection-close', (event) => {
      if (this.destroyed) return
      // 0: closed by the client itself (y-websocket closes a socket that received nothing for 30 s).
      this.closeCodes.push(event ? event.code : 0)
      if (this.setupMs !== undefined) this.drops++
    })
    if (options.observer) this.kv.on('change', this.onChange)
  }

  get name(): string {
    return this.options.name
  }

  get boardId(): string {
    return this.options.boardId
  }

  get isSynced(): boolean {
    return this.provider.synced
  }

  /** Creates all of this participant's notes in one transaction (before measuring). */
  seed(): void {
    this.doc.transact(() => {
      for (let n = 0; n < this.options.noteCount; n++) this.setNextNote(false)
    })
  }

  /** One edit: the next note in turn is moved (every other edit) and re-worded. Returns its token. */
  edit(measured: boolean): string {
    if (this.sent % 2 === 0) {
      const place = this.places[this.sent % this.options.noteCount]
      place.x += Math.round((Math.random() - 0.5) * 80)
      place.y += Math.round((Math.random() - 0.5) * 80)
    }
    return this.setNextNote(measured)
  }

  /** Edit number `seq` always goes to note `seq % noteCount`; observers rely on it (see countSeen). */
  private setNextNote(measured: boolean): string {
    const seq = this.sent++
    const n = seq % this.options.noteCount
    // As a browser edits the note it holds: the author the server stamped on it stays as it is, so
    // the server has nothing to put back (a note without one is stamped once, when it is created).
    const id = getBenchNoteId(this.options.name, n)
    const stamped = getAuthorFields(this.kv.get(id))
    const meta = { ...stamped, benchAuthor: this.options.name, benchSeq: seq, benchSentAt: wallNowMs(), benchMeasured: measured }
    const record = buildBenchNote(this.options.name, n, meta, this.places[n])
    this.kv.set(record.id, record)
    return getEditToken(this.options.name, seq)
  }

  /**
   * Whether the server's author stamp is on every note of this participant. Our server stamps a
   * note's author when it is created, by replacing the record; a client that edits its note without
   * having applied that replacement writes a second record for the key, which loses to the server's,
   * and the edit never shows (the stock relay stamps nothing).
   */
  get hasStampedNotes(): boolean {
    for (let n = 0; n < this.options.noteCount; n++) {
      if (Object.keys(getAuthorFields(this.kv.get(getBenchNoteId(this.options.name, n)))).length === 0) return false
    }
    return true
  }

  /** A deaf participant stops applying document updates from here on (see ParticipantOptions.deaf). */
  deafen(): void {
    this.deafened = true
  }

  moveCursor(): void {
    const now = wallNowMs()
    const cursor = { x: 400 + Math.round(300 * Math.sin(now / 700)), y: 400 + Math.round(300 * Math.cos(now / 900)) }
    const presence = this.options.presence === 'tldraw' ? buildBenchPresence(this.options.name, this.color, cursor, now) : { cursor }
    this.provider.awareness.setLocalStateField('presence', presence)
  }

  /**
   * Observer: how many edits of other authors arrived. An edit counts once its note shows it or a
   * later edit of the same note: one server broadcast may merge several edits of a note, and Yjs
   * cannot apply an author's later change without its earlier ones.
   */
  countSeen(): number {
    const k = this.options.noteCount
    let total = 0
    for (const latest of this.latestSeen.values()) {
      for (let n = 0; n < k; n++) if (latest[n] >= 0) total += Math.floor((latest[n] - n) / k) + 1
    }
    return total
  }

  destroy(): void {
    this.destroyed = true
    this.provider.destroy()
    this.doc.destroy()
  }

  private onChange = (changes: Map<string, { action: string; newValue?: unknown }>, tr: Y.Transaction): void => {
    if (tr.local) return
    const now = wallNowMs()
    for (const change of changes.values()) {
      if (change.action === 'delete') continue
      const meta = readBenchMeta(change.newValue)
      if (!meta || meta.benchAuthor === this.options.name) continue
      let latest = this.latestSeen.get(meta.benchAuthor)
      if (!latest) this.latestSeen.set(meta.benchAuthor, (latest = new Array<number>(this.options.noteCount).fill(-1)))
      const n = meta.benchSeq % this.options.noteCount
      if (meta.benchSeq > latest[n]) latest[n] = meta.benchSeq
      if (meta.benchMeasured) this.latenciesMs.push(now - meta.benchSentAt)
    }
  }
}

/** The author fields of a note as the document holds it (none for a note not there yet). */
function getAuthorFields(record: unknown): Record<string, unknown> {
  const meta = (record as { meta?: Record<string, unknown> } | undefined)?.meta
  return meta ? Object.fromEntries(NOTE_AUTHOR_KEYS.filter((k) => k in meta).map((k) => [k, meta[k]])) : {}
}

/** See ParticipantOptions.deaf. Uses the provider's per-instance message handler table. */
function makeDeaf(provider: WebsocketProvider, isDeafened: () => boolean): void {
  const handlers = provider.messageHandlers
  const readSync = handlers[MESSAGE_SYNC]
  handlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    if (!p.synced || !isDeafened()) readSync(encoder, decoder, p, emitSynced, messageType)
  }
  handlers[MESSAGE_AWARENESS] = () => {}
}
