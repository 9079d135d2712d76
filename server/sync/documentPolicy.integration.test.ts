import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { Role } from '../../lib/collab/roles'
import { applySessionChange, DEFAULT_LOCK, SESSION_MAP, VOTES_MAP } from '../../lib/collab/session'
import { buildRegionLock } from '../../lib/collab/sessionLocks'
import { buildVoteClose, buildVoteKey, buildVoteOpen } from '../../lib/collab/sessionVotes'
import { MessageType } from '../../lib/collab/syncMessages'
import { buildTestNote } from '../../testing/buildTestNote'
import { DOCUMENT_RECORD_ID, type BoardRecord, type ShapeRecord } from '../../lib/tldraw/records'
import { createSyncToken } from '../auth/syncToken'
import type { AppServer } from '../createAppServer'
import { openSqliteStorageInDataDir } from '../storage/openSqliteStorage'
import { connectClient, createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer, waitFor } from '../testing/testServer'

/**
 * Issue #20 items 1-4: the server enforces the board document (layout, locks by where a shape lands,
 * fields it owns, byte limits) against writes a stock Yjs client can make. Each refused write is
 * undone for everyone (the writer included), its socket stays open (unless the write was
 * malformed), and the stored document holds none of it once the server has stopped.
 */

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

type Client = Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['join']>>

async function setup(env: Record<string, string> = {}) {
  const dataDir = makeDataDir()
  const server: AppServer = await startInProcessServer(dataDir, env)
  let stopped = false
  cleanups.push(() => stopped || server.close())
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, 'owner@example.com', 'Olga Owner')
  const { id: boardId } = await createBoardViaApi(base, 'Policed', undefined, cookie)
  /** A stock client acting as a member with this role (the token carries user id and name). */
  const join = async (role: Role, userId: string, name = userId) => {
    await server.storage.catalog.createUser({ id: userId, kind: 'guest', email: null, name, passwordHash: null, createdAt: 0 })
    await server.storage.catalog.setMember(boardId, userId, role, Date.now())
    const token = createSyncToken({ boardId, role, name, expiresAt: Date.now() + 3_600_000, userId }, server.secret)
    const c = connectClient(server.port, boardId, { token })
    cleanups.push(c.destroy)
    const notices: { reason: string; limit: number }[] = []
    c.provider.messageHandlers[MessageType.REFUSED] = (_encoder, decoder) => {
      notices.push({ reason: decoding.readVarString(decoder), limit: decoding.readVarUint(decoder) })
    }
    let closeCode: number | undefined
    c.provider.on('connection-close', (event) => (closeCode ??= event?.code))
    await waitFor(() => c.provider.synced)
    const records = new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY))
    return {
      ...c,
      userId,
      records,
      meta: c.doc.getMap(META_MAP),
      session: c.doc.getMap(SESSION_MAP),
      votes: c.doc.getMap(VOTES_MAP),
      notices,
      closeCode: () => closeCode,
      token,
    }
  }
  /** The stored document, read from the database after the server has stopped (as a restart would load it). */
  const stored = async () => {
    if (!stopped) {
      stopped = true
      await server.close()
    }
    const storage = await openSqliteStorageInDataDir(dataDir)
    const doc = new Y.Doc()
    for (const u of (await storage.documents.loadDocument(boardId)).updates) Y.applyUpdate(doc, u)
    await storage.close()
    return { doc, records: new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)) }
  }
  /** Sends one raw Yjs update as a stock client would, on its own socket; resolves with the socket. */
  const sendRaw = async (token: string, update: Uint8Array) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${boardId}?token=${token}`)
    cleanups.push(() => ws.close())
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.SYNC)
    syncProtocol.writeUpdate(encoder, update)
    ws.send(encoding.toUint8Array(encoder))
    return ws
  }
  return { server, boardId, join, stored, sendRaw }
}

/** A note written by `c`, seen by `other`. */
async function addNote(c: Client, other: Client, id: string, x = 3000, y = 3000, meta: Record<string, unknown> = {}): Promise<ShapeRecord> {
  const note = buildTestNote({ id, text: 'hello', x, y, meta })
  c.records.set(id, note)
  await waitFor(() => other.records.has(id), 5_000, `${id} reaches the other client`)
  return other.records.get(id) as ShapeRecord
}

const shapeMeta = (r: BoardRecord | undefined) => (r as ShapeRecord | undefined)?.meta ?? {}

describe('the board document (item 1)', () => {
  it("undoes a participant's write to meta.schema (the board stays readable) and keeps their socket open", async () => {
    const { join, stored } = await setup()
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    const original = JSON.stringify(p1.meta.get(META_SCHEMA_KEY))
    p1.meta.set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: { 'com.tldraw.store': 99 } })
    p1.meta.set('junkKey', 'x')
    await waitFor(() => JSON.stringify(p1.meta.get(META_SCHEMA_KEY)) === original && !p1.meta.has('junkKey'), 5_000, 'meta write undone for the writer')
    expect(JSON.stringify(fac.meta.get(META_SCHEMA_KEY))).toBe(original)
    expect(p1.notices.map((n) => n.reason)).toContain('layout')
    // A facilitator may not either: meta is the server's.
    fac.meta.set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: {} })
    await waitFor(() => JSON.stringify(fac.meta.get(META_SCHEMA_KEY)) === original, 5_000, "facilitator's meta write undone")
    // The writer's socket stayed open: its next honest change lands.
    await addNote(p1, fac, 'shape:after-meta')
    expect(p1.closeCode()).toBeUndefined()
    const { doc } = await stored()
    expect(JSON.stringify(doc.getMap(META_MAP).get(META_SCHEMA_KEY))).toBe(original)
    expect(doc.getMap(META_MAP).has('junkKey')).toBe(false)
  })

  it('undoes root types outside the layout, and items of the wrong kind in known roots', async () => {
    const { join, stored, sendRaw } = await setup()
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    p1.doc.getMap('junk').set('a', 'b'.repeat(1000))
    p1.doc.getArray('junkList').insert(0, [1, 2, 3])
    await waitFor(() => p1.doc.getMap('junk').size === 0 && p1.doc.getArray('junkList').length === 0, 5_000, 'new roots emptied for the writer')
    // Raw updates from a document that never typed the roots as the layout does.
    const rawMeta = new Y.Doc()
    rawMeta.getArray(META_MAP).insert(0, ['list item in the meta map'])
    const rawKey = new Y.Doc()
    rawKey.getMap(RECORDS_ARRAY).set('shape:as-map-key', { id: 'shape:as-map-key' })
    const rawEntries = new Y.Doc()
    rawEntries.getArray(RECORDS_ARRAY).insert(0, [42, { key: 'camera:x', val: { id: 'camera:x', typeName: 'camera' } }])
    const ws = await sendRaw(p1.token, Y.mergeUpdates([rawMeta, rawKey, rawEntries].map((d) => Y.encodeStateAsUpdate(d))))
    // Honest changes still flow, from the attacker's own socket too.
    await addNote(p1, fac, 'shape:after-roots')
    expect(ws.readyState).toBe(ws.OPEN)
    const { doc, records } = await stored()
    expect([...doc.share.keys()].sort()).toEqual(expect.arrayContaining([META_MAP, RECORDS_ARRAY]))
    expect(doc.getMap('junk').size).toBe(0)
    expect(doc.getArray('junkList').length).toBe(0)
    expect(doc.share.get(META_MAP)!._start === null || doc.share.get(META_MAP)!._length === 0).toBe(true)
    expect(doc.share.get(RECORDS_ARRAY)!._map.get('shape:as-map-key')?.deleted ?? true).toBe(true)
    expect(doc.getArray(RECORDS_ARRAY).toArray().every((e) => typeof e === 'object' && e !== null && 'key' in e)).toBe(true)
    expect(records.has('camera:x')).toBe(false)
    expect(records.has('shape:after-roots')).toBe(true)
  })
})

describe('locks judged where a shape lands, and parents (item 2)', () => {
  it("refuses a note parented to a locked lane's cell, to a shape that does not exist, or landing in the lane from a frame", async () => {
    const { join, stored } = await setup()
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    const cell = [...p1.records.map.values()]
      .map((e) => e.val as ShapeRecord)
      .find((r) => r.typeName === 'shape' && r.meta?.jbRole === 'cell' && r.meta.jbLaneId === 'touchpoints')!
    expect(cell).toBeDefined()
    const { w, h } = cell.props as { w: number; h: number }
    fac.records.set('shape:frame', { id: 'shape:frame', typeName: 'shape', type: 'frame', x: cell.x - 1000, y: cell.y - 1000, rotation: 0, index: 'a1', parentId: 'page:page', isLocked: false, opacity: 1, props: { w: 4000, h: 4000, name: '', color: 'black' }, meta: {} })
    applySessionChange(fac.doc, buildRegionLock(DEFAULT_LOCK, { x: cell.x, y: cell.y, w, h }))
    await waitFor(() => p1.records.has('shape:frame') && p1.session.has('lock'))
    p1.records.set('shape:in-cell', buildTestNote({ id: 'shape:in-cell', text: 'in the locked cell', x: 10, y: 10, parentId: cell.id }))
    p1.records.set('shape:orphan', buildTestNote({ id: 'shape:orphan', text: 'no parent', x: 10, y: 10, parentId: 'shape:doesnotexist' }))
    // Inside the frame, its local anchor far from the lane, its page centre in the locked cell.
    p1.records.set('shape:via-frame', buildTestNote({ id: 'shape:via-frame', text: 'lands in the lock', x: 1000 + w / 2 - 100, y: 1000 + h / 2 - 100, parentId: 'shape:frame' }))
    // Anchored above the locked region, centred in it (today's server judged the top-left corner).
    p1.records.set('shape:centred', buildTestNote({ id: 'shape:centred', text: 'centre in the lock', x: cell.x + 10, y: cell.y - 50 }))
    const refused = ['shape:in-cell', 'shape:orphan', 'shape:via-frame', 'shape:centred']
    await waitFor(() => refused.every((id) => !p1.records.has(id)), 5_000, 'placements undone for the writer').catch((err) => {
      throw new Error(`${String(err)}: ${refused.filter((id) => p1.records.has(id)).join(', ')} still there`)
    })
    // An honest note in the open lane above is taken, so the socket is still open.
    await addNote(p1, fac, 'shape:open', cell.x + 10, cell.y - 400)
    for (const id of refused) expect(fac.records.has(id)).toBe(false)
    expect(p1.closeCode()).toBeUndefined()
    const { records } = await stored()
    for (const id of refused) expect(records.has(id)).toBe(false)
    expect(records.has('shape:open')).toBe(true)
  })
})

describe('forged votes, authors and the board name (item 3)', () => {
  it('stamps the writer as author, keeps authors and tallies, and keeps the board name', async () => {
    const { join, stored } = await setup()
    const fac = await join('facilitator', 'fac', 'Fay Facilitator')
    const alice = await join('participant', 'alice', 'Alice')
    const mallory = await join('participant', 'mallory', 'Mallory')
    // Created with a forged author and tally: the server stamps the writer and drops the tally.
    mallory.records.set('shape:forged', buildTestNote({ id: 'shape:forged', text: 'x', x: 3000, y: 3000, meta: { authorId: 'alice', authorName: 'Alice Owner (spoofed)', votes: 999 } }))
    await waitFor(() => shapeMeta(mallory.records.get('shape:forged')).authorName === 'Mallory', 5_000, 'author stamped from the identity')
    expect(shapeMeta(mallory.records.get('shape:forged'))).toMatchObject({ authorId: 'mallory', authorName: 'Mallory' })
    expect(shapeMeta(mallory.records.get('shape:forged')).votes).toBeUndefined()
    // Alice's own note: Mallory rewrites its author and tally.
    const alices = await addNote(alice, mallory, 'shape:alices')
    expect(shapeMeta(alices)).toMatchObject({ authorId: 'alice', authorName: 'Alice' })
    mallory.records.set('shape:alices', { ...alices, meta: { ...alices.meta, authorId: 'mallory', authorName: 'Mallory', votes: 999 } })
    await waitFor(() => shapeMeta(mallory.records.get('shape:alices')).authorName === 'Alice' && shapeMeta(mallory.records.get('shape:alices')).votes === undefined, 5_000, 'author and tally put back')
    // Not even a facilitator changes an author or writes a tally.
    fac.records.set('shape:alices', { ...alices, meta: { ...alices.meta, authorName: 'Someone else', votes: 5 } })
    await waitFor(() => shapeMeta(fac.records.get('shape:alices')).authorName === 'Alice' && shapeMeta(fac.records.get('shape:alices')).votes === undefined, 5_000, "facilitator's forgery put back")
    // The board's name changes only through the owner's rename route.
    const doc = mallory.records.get(DOCUMENT_RECORD_ID)!
    mallory.records.set(DOCUMENT_RECORD_ID, { ...doc, name: 'Hacked' })
    fac.records.set(DOCUMENT_RECORD_ID, { ...doc, name: 'Renamed by a socket' })
    await waitFor(() => mallory.records.get(DOCUMENT_RECORD_ID)!.name === doc.name && fac.records.get(DOCUMENT_RECORD_ID)!.name === doc.name, 5_000, 'name put back')
    // A real vote still ends in a tally the server writes.
    const { vote } = buildVoteOpen({ id: 'v1', budget: 2, scope: { kind: 'board' }, hideUntilClosed: false })
    applySessionChange(fac.doc, { vote })
    await waitFor(() => alice.session.has('vote'))
    alice.votes.set(buildVoteKey('v1', 'alice', 0), 'shape:alices')
    await waitFor(() => fac.votes.has(buildVoteKey('v1', 'alice', 0)))
    applySessionChange(fac.doc, buildVoteClose(vote))
    await waitFor(() => shapeMeta(alice.records.get('shape:alices')).votes === 1, 5_000, 'server tally')
    // The author may make their own note anonymous (an anonymous reveal), nobody else.
    expect(mallory.closeCode()).toBeUndefined()
    const { records } = await stored()
    expect(shapeMeta(records.get('shape:forged'))).toMatchObject({ authorId: 'mallory', authorName: 'Mallory' })
    expect(shapeMeta(records.get('shape:forged')).votes).toBeUndefined()
    expect(shapeMeta(records.get('shape:alices'))).toMatchObject({ authorId: 'alice', authorName: 'Alice', votes: 1 })
    expect(records.get(DOCUMENT_RECORD_ID)!.name).toBe(doc.name)
  })

  it('lets a note be created anonymous, and its own author clear it', async () => {
    const { join } = await setup()
    const alice = await join('participant', 'alice', 'Alice')
    const bob = await join('participant', 'bob', 'Bob')
    alice.records.set('shape:anon', buildTestNote({ id: 'shape:anon', text: 'x', x: 3000, y: 3000, meta: { authorId: '', authorName: '' } }))
    const own = await addNote(alice, bob, 'shape:own')
    await waitFor(() => bob.records.has('shape:anon'))
    expect(shapeMeta(bob.records.get('shape:anon'))).toMatchObject({ authorId: '', authorName: '' })
    bob.records.set('shape:own', { ...own, meta: { ...own.meta, authorId: '', authorName: '' } })
    await waitFor(() => shapeMeta(bob.records.get('shape:own')).authorName === 'Alice', 5_000, "someone else's clearing put back")
    alice.records.set('shape:own', { ...own, meta: { ...own.meta, authorId: '', authorName: '' } })
    await waitFor(() => shapeMeta(bob.records.get('shape:own')).authorName === '', 5_000, 'own note made anonymous')
  })
})

describe('byte limits (item 4)', () => {
  it('refuses a note over MAX_NOTE_CHARS and tells its writer, whose socket stays open', async () => {
    const { join, stored } = await setup()
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    p1.records.set('shape:long', buildTestNote({ id: 'shape:long', text: 'x'.repeat(20_001), x: 3000, y: 3000 }))
    await waitFor(() => p1.notices.some((n) => n.reason === 'note-too-long' && n.limit === 20_000), 5_000, 'writer told')
    await waitFor(() => !p1.records.has('shape:long'), 5_000, 'long note undone')
    // Growing an existing note past the limit is refused too; at the limit it is taken.
    const ok = await addNote(p1, fac, 'shape:grow')
    p1.records.set('shape:grow', buildTestNote({ ...ok, id: 'shape:grow', text: 'y'.repeat(25_000), x: 3000, y: 3000 }))
    await waitFor(() => JSON.stringify(p1.records.get('shape:grow')).length < 1000, 5_000, 'growth undone')
    const atLimit = await addNote(p1, fac, 'shape:at-limit')
    p1.records.set('shape:at-limit', buildTestNote({ ...atLimit, id: 'shape:at-limit', text: 'z'.repeat(20_000), x: 3000, y: 3000 }))
    await waitFor(() => JSON.stringify(fac.records.get('shape:at-limit')).length > 20_000, 5_000, 'a note at the limit is taken')
    expect(p1.closeCode()).toBeUndefined()
    const { records } = await stored()
    expect(records.has('shape:long')).toBe(false)
    expect(JSON.stringify(records.get('shape:grow')).length).toBeLessThan(1000)
  })

  it('refuses changes that add content to a board at MAX_BOARD_BYTES, and still takes deletions', async () => {
    const { join, stored } = await setup({ MAX_BOARD_BYTES: String(256 * 1024) })
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    let i = 0
    while (!p1.notices.some((n) => n.reason === 'board-full')) {
      const id = `shape:filler-${i++}`
      p1.records.set(id, buildTestNote({ id, text: 'f'.repeat(15_000), x: 3000, y: 3000 }))
      await waitFor(() => fac.records.has(id) || p1.notices.some((n) => n.reason === 'board-full'), 5_000, `${id} taken or refused`)
      expect(i).toBeLessThan(100)
    }
    expect(p1.notices.find((n) => n.reason === 'board-full')!.limit).toBe(256 * 1024)
    const refusedId = `shape:filler-${i - 1}`
    await waitFor(() => !p1.records.has(refusedId), 5_000, 'the refused note is undone for its writer')
    // Deleting still works on a full board.
    p1.records.delete('shape:filler-0')
    await waitFor(() => !fac.records.has('shape:filler-0'), 5_000, 'deletion taken')
    expect(p1.closeCode()).toBeUndefined()
    const { records } = await stored()
    expect(records.has(refusedId)).toBe(false)
    expect(records.has('shape:filler-0')).toBe(false)
  })

  it('closes a connection past MAX_WRITE_BYTES_PER_MINUTE with 4429 before applying the change; others carry on', async () => {
    const { join, stored } = await setup({ MAX_WRITE_BYTES_PER_MINUTE: String(256 * 1024) })
    const fac = await join('facilitator', 'fac')
    const p1 = await join('participant', 'p1')
    let i = 0
    while (p1.closeCode() === undefined) {
      const id = `shape:burst-${i++}`
      p1.records.set(id, buildTestNote({ id, text: 'b'.repeat(15_000), x: 3000, y: 3000 }))
      await waitFor(() => fac.records.has(id) || p1.closeCode() !== undefined, 5_000, `${id} taken or closed`)
      expect(i).toBeLessThan(100)
    }
    expect(p1.closeCode()).toBe(4429)
    const over = `shape:burst-${i - 1}`
    expect(fac.records.has(over)).toBe(false)
    await addNote(fac, fac, 'shape:fac-still-writes')
    const { records } = await stored()
    expect(records.has(over)).toBe(false)
    expect(records.has('shape:burst-0')).toBe(true)
  })
})
