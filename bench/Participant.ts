import { YKeyValue } from 'y-utility/y-keyvalue'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { buildBenchNote, getEditToken, readBenchMeta } from './buildBenchNote'
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
  WebSocketPolyfill: typeof globalThis.WebSocket
}

const COLORS = ['#1971c2', '#e03131', '#2f9e44', '#f08c00', '#6741d9', '#0c8599']

/**
 * One simulated person at a board: a stock y-websocket provider with its own Y.Doc, writing tldraw
 * note records through y-utility's YKeyValue (the documented layout) and publishing a cursor.
 */
export class Participant {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly kv: YKeyValue<unknown>
  /** Edits made so far (every `set` of a note counts one). */
  sent = 0
  readonly connectStartedAt = performance.now()
  /** Milliseconds from creating the provider to its first `sync`. */
  setupMs: number | undefined
  /** Connections lost after the first sync, before `destroy`. */
  drops = 0
  closeCodes: number[] = []
  /** Observer: edit numbers seen, per author. */
  readonly seen = new Map<string, Set<number>>()
  /** Observer: remote-arrival latency (ms) of every measured edit. */
  latenciesMs: number[] = []
  private readonly places: { x: number; y: number }[]
  private readonly color: string
  private destroyed = false

  constructor(readonly options: ParticipantOptions, index: number) {
    this.color = COLORS[index % COLORS.length]
    this.provider = new WebsocketProvider(options.serverUrl, options.boardId, this.doc, {
      WebSocketPolyfill: options.WebSocketPolyfill,
      disableBc: true,
      params: options.token ? { token: options.token } : {},
    })
    this.kv = new YKeyValue(this.doc.getArray(RECORDS_ARRAY))
    this.places = Array.from({ length: options.noteCount }, (_, n) => ({ x: 300 + ((index * 7 + n) % 24) * 230, y: 200 + ((index + n * 3) % 30) * 220 }))
    this.provider.awareness.setLocalStateField('user', buildBenchUser(options.name, this.color))
    this.provider.once('sync', () => (this.setupMs = performance.now() - this.connectStartedAt))
    this.provider.on('connection-close', (event) => {
      if (this.destroyed) return
      if (event) this.closeCodes.push(event.code)
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
      for (let n = 0; n < this.options.noteCount; n++) this.setNote(n, false)
    })
  }

  /** One edit: the next note in turn is moved (every other edit) and re-worded. Returns its token. */
  edit(measured: boolean): string {
    const n = this.sent % this.options.noteCount
    const place = this.places[n]
    if (this.sent % 2 === 0) {
      place.x += Math.round((Math.random() - 0.5) * 80)
      place.y += Math.round((Math.random() - 0.5) * 80)
    }
    return this.setNote(n, measured)
  }

  private setNote(n: number, measured: boolean): string {
    const seq = this.sent++
    const record = buildBenchNote(this.options.name, n, { authorName: this.options.name, benchSeq: seq, benchSentAt: wallNowMs(), benchMeasured: measured }, this.places[n])
    this.kv.set(record.id, record)
    return getEditToken(this.options.name, seq)
  }

  moveCursor(): void {
    const now = wallNowMs()
    const cursor = { x: 400 + Math.round(300 * Math.sin(now / 700)), y: 400 + Math.round(300 * Math.cos(now / 900)) }
    this.provider.awareness.setLocalStateField('presence', buildBenchPresence(this.options.name, this.color, cursor, now))
  }

  /** Observer: how many edits of the given authors (other than itself) arrived. */
  countSeen(): number {
    let total = 0
    for (const [author, seqs] of this.seen) if (author !== this.options.name) total += seqs.size
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
      if (!meta || meta.authorName === this.options.name) continue
      let seqs = this.seen.get(meta.authorName)
      if (!seqs) this.seen.set(meta.authorName, (seqs = new Set()))
      seqs.add(meta.benchSeq)
      if (meta.benchMeasured) this.latenciesMs.push(now - meta.benchSentAt)
    }
  }
}
