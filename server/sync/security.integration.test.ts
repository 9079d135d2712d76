import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import { readBoardRecords } from '../boards/buildBoardDocument'
import { openSqliteStorageInDataDir } from '../storage/openSqliteStorage'
import {
  connectClient,
  createBoardViaApi,
  makeSyncToken,
  signUpAndSignIn,
  waitFor,
} from '../testing/testServer'
import { startBoardServer, useCleanups, type BoardServer } from '../testing/startBoardServer'

const onCleanup = useCleanups()
type Setup = BoardServer
const setup = (env: Record<string, string> = {}) => startBoardServer(onCleanup, { env, title: 'Secured' })

function client(s: Setup, params: Record<string, string>, boardId = s.boardId) {
  const c = connectClient(s.server.port, boardId, params)
  onCleanup(c.destroy)
  return c
}

function closedWith(c: ReturnType<typeof connectClient>): Promise<number> {
  return new Promise((resolve) => c.provider.on('closed', (e) => resolve(e.code)))
}

type RawSocket = WebSocket & { firstMessage: Promise<Buffer> }

/** A raw socket (no y-websocket client) for sending hostile frames. */
function rawSocket(s: Setup, query: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.server.port}/sync/${s.boardId}?${query}`, { headers }) as RawSocket
  // Listen from the start: the server's first message can arrive together with the upgrade.
  ws.firstMessage = new Promise((resolve) => ws.once('message', (d) => resolve(d as Buffer)))
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(-1) : ws.once('close', (code) => resolve(code))))
}

function noteUpdate(id: string, text: string): Uint8Array {
  const doc = new Y.Doc()
  new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)).set(id, buildTestNote({ id, text, x: 500, y: 300 }))
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc))
  return encoding.toUint8Array(encoder)
}

async function storedRecordIds(s: Setup): Promise<string[]> {
  const storage = await openSqliteStorageInDataDir(s.dataDir)
  const doc = new Y.Doc()
  for (const u of (await storage.documents.loadDocument(s.boardId)).updates) Y.applyUpdate(doc, u)
  await storage.close()
  return readBoardRecords(doc).map((r) => r.id)
}

describe('sync server refusals', () => {
  it.each([
    ['no token and no session', () => ({}), 4401],
    ['an expired token', (s: Setup) => ({ token: makeSyncToken(s.dataDir, s.boardId, 'participant', 'Late', -1_000) }), 4401],
    ['a forged token', () => ({ token: 'v1.eyJib2FyZElkIjoieCJ9.forged' }), 4401],
  ])('refuses %s with 4401 and the client stops retrying', async (_name, params, code) => {
    const s = await setup()
    const c = client(s, params(s))
    expect(await closedWith(c)).toBe(code)
    expect(c.provider.shouldConnect).toBe(false)
  })

  it('refuses a token for board A used on board B with 4403', async () => {
    const s = await setup()
    const other = await createBoardViaApi(s.base, 'Other', undefined, s.cookie)
    const c = client(s, { token: makeSyncToken(s.dataDir, other.id) })
    expect(await closedWith(c)).toBe(4403)
  })

  it('refuses a cross-site Origin with 4403 (same-origin and listed origins pass)', async () => {
    const s = await setup()
    const token = makeSyncToken(s.dataDir, s.boardId)
    expect(await closeCode(await rawSocket(s, `token=${token}`, { origin: 'https://evil.example' }))).toBe(4403)
    const sameOrigin = await rawSocket(s, `token=${token}`, { origin: `http://127.0.0.1:${s.server.port}` })
    const first = await sameOrigin.firstMessage
    expect(first[0]).toBe(0) // sync step 1 from the server
    sameOrigin.close()
  })

  it('accepts the session cookie of a member and refuses a signed-in stranger with 4403', async () => {
    const s = await setup()
    const member = await rawSocket(s, '', { cookie: s.cookie })
    await member.firstMessage
    member.close()
    const stranger = await signUpAndSignIn(s.base, 'stranger@example.com')
    expect(await closeCode(await rawSocket(s, '', { cookie: stranger }))).toBe(4403)
  })
})

describe('viewers and hostile input', () => {
  it("never applies, stores or broadcasts a viewer's write; awareness still flows", async () => {
    const s = await setup()
    const viewer = client(s, { token: makeSyncToken(s.dataDir, s.boardId, 'viewer', 'Vic Viewer') })
    const participant = client(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', 'Pat') })
    await waitFor(() => viewer.provider.synced && participant.provider.synced)
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vic Viewer' })
    new YKeyValue<BoardRecord>(viewer.doc.getArray(RECORDS_ARRAY)).set('shape:viewer-note', buildTestNote({ id: 'shape:viewer-note', text: 'should not land', x: 0, y: 0 }))
    new YKeyValue<BoardRecord>(participant.doc.getArray(RECORDS_ARRAY)).set('shape:participant-note', buildTestNote({ id: 'shape:participant-note', text: 'lands', x: 0, y: 0 }))
    await waitFor(() => new YKeyValue<BoardRecord>(viewer.doc.getArray(RECORDS_ARRAY)).has('shape:participant-note'))
    await waitFor(() => [...participant.provider.awareness.getStates().values()].some((st) => (st as { user?: { name?: string } }).user?.name === 'Vic Viewer'))
    expect(new YKeyValue<BoardRecord>(participant.doc.getArray(RECORDS_ARRAY)).has('shape:viewer-note')).toBe(false)
    // (Closing is idempotent: the cleanup's close after this one waits for the same shutdown.)
    await s.server.close()
    const stored = await storedRecordIds(s)
    expect(stored).toContain('shape:participant-note')
    expect(stored).not.toContain('shape:viewer-note')
  })

  it('closes a 3 MiB frame with 4413 while other clients carry on', async () => {
    const s = await setup()
    const other = client(s, { token: makeSyncToken(s.dataDir, s.boardId) })
    await waitFor(() => other.provider.synced)
    const ws = await rawSocket(s, `token=${makeSyncToken(s.dataDir, s.boardId)}`)
    ws.send(Buffer.alloc(3 * 1024 * 1024, 1))
    expect(await closeCode(ws)).toBe(4413)
    const writer = client(s, { token: makeSyncToken(s.dataDir, s.boardId) })
    await waitFor(() => writer.provider.synced)
    new YKeyValue<BoardRecord>(writer.doc.getArray(RECORDS_ARRAY)).set('shape:after', buildTestNote({ id: 'shape:after', text: 'still fine', x: 0, y: 0 }))
    await waitFor(() => new YKeyValue<BoardRecord>(other.doc.getArray(RECORDS_ARRAY)).has('shape:after'))
  })

  it('survives 10,000 random and truncated frames: healthy, others sync, nothing stored from them', async () => {
    const s = await setup()
    const a = client(s, { token: makeSyncToken(s.dataDir, s.boardId) })
    const b = client(s, { token: makeSyncToken(s.dataDir, s.boardId) })
    await waitFor(() => a.provider.synced && b.provider.synced)
    const before = (await storedRecordIds(s)).sort()
    const valid = noteUpdate('shape:from-attacker', 'x')
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const frames: Buffer[] = []
    for (let i = 0; i < 10_000; i++) {
      const kind = i % 4
      if (kind === 0) frames.push(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))))
      else if (kind === 1) frames.push(Buffer.from(valid.slice(0, 1 + Math.floor(rand() * (valid.length - 2))))) // truncated update
      else if (kind === 2) frames.push(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f])) // huge length prefix
      else frames.push(Buffer.from([0, 2, 5, 1, 2, 3, 4, 5])) // valid envelope, corrupt Yjs update
    }
    const token = makeSyncToken(s.dataDir, s.boardId, 'participant', 'Mallory')
    let sent = 0
    const closeCodes = new Set<number>()
    while (sent < frames.length) {
      const ws = await rawSocket(s, `token=${token}`)
      const closed = closeCode(ws)
      // Pipeline a batch; the server closes at the first bad frame and ignores the rest.
      for (let i = 0; i < 25 && sent < frames.length; i++) ws.send(frames[sent++])
      closeCodes.add(await closed)
    }
    expect([...closeCodes].every((c) => c === 4400)).toBe(true)
    expect((await fetch(`${s.base}/api/health`)).status).toBe(200)
    new YKeyValue<BoardRecord>(a.doc.getArray(RECORDS_ARRAY)).set('shape:honest', buildTestNote({ id: 'shape:honest', text: 'still syncing', x: 0, y: 0 }))
    await waitFor(() => new YKeyValue<BoardRecord>(b.doc.getArray(RECORDS_ARRAY)).has('shape:honest'))
    await waitFor(async () => (await storedRecordIds(s)).includes('shape:honest'))
    expect((await storedRecordIds(s)).sort()).toEqual([...before, 'shape:honest'].sort())
  })

  it('closes a connection that floods messages with 4429', async () => {
    const s = await setup({ MAX_MESSAGES_PER_SECOND: '20' })
    const ws = await rawSocket(s, `token=${makeSyncToken(s.dataDir, s.boardId)}`)
    const closed = closeCode(ws)
    const queryAwareness = Buffer.from([3])
    for (let i = 0; i < 500; i++) ws.send(queryAwareness)
    expect(await closed).toBe(4429)
  })
})

describe('membership changes', () => {
  it('disconnects a removed member within 1 s and refuses them afterwards', async () => {
    const s = await setup()
    const invite = (await (
      await fetch(`${s.base}/api/boards/${s.boardId}/invites`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie }, body: JSON.stringify({ role: 'participant' }) })
    ).json()) as { token: string }
    const memberCookie = await signUpAndSignIn(s.base, 'member@example.com', 'Mem Ber')
    const joined = await fetch(`${s.base}/api/invites/${invite.token}/accept`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: memberCookie }, body: '{}' })
    expect(joined.status).toBe(200)
    const ws = await rawSocket(s, '', { cookie: memberCookie })
    await ws.firstMessage
    const members = (await (await fetch(`${s.base}/api/boards/${s.boardId}/members`, { headers: { cookie: s.cookie } })).json()) as { members: { userId: string; name: string }[] }
    const member = members.members.find((m) => m.name === 'Mem Ber')!
    const closed = closeCode(ws)
    const start = performance.now()
    expect((await fetch(`${s.base}/api/boards/${s.boardId}/members/${member.userId}`, { method: 'DELETE', headers: { cookie: s.cookie } })).status).toBe(204)
    expect(await closed).toBe(4403)
    expect(performance.now() - start).toBeLessThan(1_000)
    expect(await closeCode(await rawSocket(s, '', { cookie: memberCookie }))).toBe(4403)
  })
})
