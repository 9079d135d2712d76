import { YKeyValue } from 'y-utility/y-keyvalue'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { buildTestNote } from '../testing/buildTestNote'
import { getNoteIndexKey } from '../lib/journey/journeyToRecords'
import { layoutGrid } from '../lib/templates/gridLayout'
import { DEFAULT_TEMPLATE_ID, getTemplate } from '../lib/templates/journeyTemplates'

const NOTES_PER_TRANSACTION = 250
const NOTE_SIZE = 200
const SYNC_TIMEOUT_MS = 30_000
const TEXTS = ['Sees an ad on Instagram', 'Free trial!', 'Pricing page is confusing', 'Asks a friend', 'Compares three schools', 'Reads reviews']

export interface SeedTarget {
  syncUrl: string
  boardId: string
  token?: string
}

function connect(target: SeedTarget) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(target.syncUrl, target.boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: target.token ? { token: target.token } : {},
  })
  const synced = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync with ${target.boardId} within ${SYNC_TIMEOUT_MS} ms`)), SYNC_TIMEOUT_MS)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return { doc, provider, synced, destroy: () => (provider.destroy(), doc.destroy()) }
}

/**
 * Puts `count` sticky notes into the cells of a buyer-journey board through a stock client, then
 * waits until a second, fresh client has all of them (the server stores an update before it relays it).
 * Returns every record of the board as that fresh client received it.
 */
export async function seedBoardNotes(target: SeedTarget, count: number): Promise<unknown[]> {
  const layout = layoutGrid(getTemplate(DEFAULT_TEMPLATE_ID)!.stages, getTemplate(DEFAULT_TEMPLATE_ID)!.lanes)
  const writer = connect(target)
  await writer.synced
  const kv = new YKeyValue<unknown>(writer.doc.getArray(RECORDS_ARRAY))
  for (let start = 0; start < count; start += NOTES_PER_TRANSACTION) {
    writer.doc.transact(() => {
      for (let i = start; i < Math.min(count, start + NOTES_PER_TRANSACTION); i++) {
        const stage = layout.stages[i % layout.stages.length]
        const lane = layout.lanes[Math.floor(i / layout.stages.length) % layout.lanes.length]
        const slot = Math.floor(i / (layout.stages.length * layout.lanes.length))
        const note = buildTestNote({
          id: `shape:seed-${i}`,
          index: getNoteIndexKey(i),
          x: stage.x + 10 + ((slot * 37) % (stage.w - NOTE_SIZE - 20)),
          y: lane.y + 10 + ((slot * 53) % (lane.h - NOTE_SIZE - 20)),
          text: TEXTS[i % TEXTS.length],
          meta: { authorName: 'Seed' },
        })
        kv.set(note.id, note)
      }
    })
    // Let the socket drain between large updates.
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const checker = connect(target)
  try {
    await checker.synced
    const records = checker.doc.getArray<{ key: string; val: unknown }>(RECORDS_ARRAY)
    const countSeeded = () => records.toArray().filter((e) => e.key.startsWith('shape:seed-')).length
    const deadline = performance.now() + SYNC_TIMEOUT_MS
    while (countSeeded() < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    const stored = countSeeded()
    if (stored < count) throw new Error(`only ${stored} of ${count} seeded notes reached the server`)
    // YKeyValue keeps the last entry of a key (a single writer leaves none twice, but be exact).
    return [...new Map(records.toArray().map((e) => [e.key, e.val])).values()]
  } finally {
    checker.destroy()
    writer.destroy()
  }
}
