import { buildTestNote } from '../testing/buildTestNote'
import { getNoteIndexKey } from '../lib/journey/journeyToRecords'
import type { ShapeRecord } from '../lib/tldraw/records'

/** What the bench writes into `meta` of every note it edits, read back by observers. */
export interface BenchMeta {
  /** The participant who made the edit (the server stamps `authorId`/`authorName` from the token, one per room). */
  benchAuthor: string
  /** The author's edit counter: every `set` of any of its notes takes the next number. */
  benchSeq: number
  /** Wall-clock send time in ms (`performance.timeOrigin + performance.now()`). */
  benchSentAt: number
  /** True for edits made while the scenario is being measured (not while seeding). */
  benchMeasured: boolean
}


/**
 * A sticky note as a participant writes it (about 400 bytes once encoded as a Yjs update): the
 * author's `noteNumber`-th note, moved and re-worded with every edit. The text carries a token
 * unique to the edit (`bench <author> s<seq>`) so it can be found in the stored updates.
 */
export function buildBenchNote(author: string, noteNumber: number, meta: BenchMeta & Record<string, unknown>, place: { x: number; y: number }): ShapeRecord {
  const seq = meta.benchSeq
  return buildTestNote({
    id: getBenchNoteId(author, noteNumber),
    index: getNoteIndexKey(noteNumber),
    x: place.x,
    y: place.y,
    text: getEditToken(author, seq),
    color: seq % 2 === 0 ? 'yellow' : 'light-blue',
    meta: { ...meta },
  })
}

export function getBenchNoteId(author: string, noteNumber: number): string {
  return `shape:bench-${author}-${noteNumber}`
}

/** A string that occurs in exactly one edit's encoded update. */
export function getEditToken(author: string, seq: number): string {
  return `bench ${author} s${seq}`
}

/** Reads the bench fields of a record seen in the document; undefined for records the bench did not write. */
export function readBenchMeta(record: unknown): BenchMeta | undefined {
  const meta = (record as { meta?: Partial<BenchMeta> } | undefined)?.meta
  if (!meta || typeof meta.benchSeq !== 'number' || typeof meta.benchAuthor !== 'string' || typeof meta.benchSentAt !== 'number') return undefined
  return meta as BenchMeta
}
