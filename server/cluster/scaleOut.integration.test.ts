import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { BoardRecord } from '../../lib/tldraw/records'
import { createSyncToken } from '../auth/syncToken'
import { openPostgresStorage } from '../storage/openPostgresStorage'
import { startOwnRedis, TEST_REDIS_URL } from '../testing/cluster'
import { testSchemas } from '../testing/testSchemas'
import { connectClient, createBoardViaApi, makeDataDir, signUpAndSignIn, startChildServer, waitFor, type ChildServer } from '../testing/testServer'

/**
 * Scale-out: two real server processes on two ports share one PostgreSQL schema and fan out through
 * a real Redis; stock y-websocket clients are split between them.
 */
const SECRET = randomBytes(32).toString('hex')
const schemas = testSchemas('jb_cluster')
let databaseUrl = ''
const cleanups: (() => unknown)[] = []

beforeAll(async () => {
  databaseUrl = (await schemas.create()).databaseUrl
})
afterAll(() => schemas.dropAll())
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startNode(redisUrl: string, prefix: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const server = await startChildServer(makeDataDir(), { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, NEXTAUTH_SECRET: SECRET, ...env })
  cleanups.push(() => server.stop())
  return server
}

async function startCluster(redisUrl = TEST_REDIS_URL, env: Record<string, string> = {}) {
  const prefix = `jb-test-${randomUUID().slice(0, 8)}`
  const [a, b] = await Promise.all([startNode(redisUrl, prefix, env), startNode(redisUrl, prefix, env)])
  const cookie = await signUpAndSignIn(a.baseUrl, `owner-${randomUUID().slice(0, 8)}@example.com`, 'Owner')
  const board = await createBoardViaApi(a.baseUrl, 'Cluster board', undefined, cookie)
  return { a, b, cookie, boardId: board.id }
}

function client(server: ChildServer, boardId: string, name: string) {
  const token = createSyncToken({ boardId, role: 'participant', name, expiresAt: Date.now() + 3_600_000 }, SECRET)
  const c = connectClient(server.port, boardId, { token })
  const records = new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY))
  cleanups.push(c.destroy)
  return { ...c, records, name }
}

type Client = ReturnType<typeof client>

/**
 * A note as `author`'s browser writes it: with the author the server stamps from their token, so a
 * later edit has nothing the server must put back (a correction would race with the edits after it).
 */
function note(id: string, text: string, x: number, author?: string): BoardRecord {
  return buildTestNote({ id, text, x, y: 300, meta: author ? { authorId: `token:${author}`, authorName: author } : undefined })
}

function snapshot(records: YKeyValue<BoardRecord>): string {
  return JSON.stringify(Array.from(records.map.entries(), ([k, v]) => [k, v.val]).sort(([x], [y]) => (String(x) < String(y) ? -1 : 1)))
}

function allEqual(clients: Client[]): boolean {
  const first = snapshot(clients[0].records)
  return clients.every((c) => snapshot(c.records) === first)
}

/**
 * A second account joins the board through an invite made on A, and opens a socket to B with its
 * session cookie; `closed` resolves with the close code.
 */
async function joinAsMember(a: ChildServer, b: ChildServer, ownerCookie: string, boardId: string) {
  const invite = (await (
    await fetch(`${a.baseUrl}/api/boards/${boardId}/invites`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: ownerCookie }, body: JSON.stringify({ role: 'participant' }) })
  ).json()) as { token: string }
  const email = `member-${randomUUID().slice(0, 8)}@example.com`
  const memberCookie = await signUpAndSignIn(b.baseUrl, email, 'Mem Ber')
  expect((await fetch(`${b.baseUrl}/api/invites/${invite.token}/accept`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: memberCookie }, body: '{}' })).status).toBe(200)
  const ws = new WebSocket(`ws://127.0.0.1:${b.port}/sync/${boardId}`, { headers: { cookie: memberCookie } })
  cleanups.push(() => ws.terminate())
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  await new Promise((resolve, reject) => (ws.once('message', resolve), ws.once('close', reject)))
  const members = (await (await fetch(`${a.baseUrl}/api/boards/${boardId}/members`, { headers: { cookie: ownerCookie } })).json()) as { members: { userId: string; email: string | null }[] }
  return { userId: members.members.find((m) => m.email === email)!.userId, closed }
}

describe('several server processes through Redis', () => {
  it('clients split between two servers converge; a late joiner gets everything; the database holds it', async () => {
    // Small compaction threshold: both servers compact the shared rows while the others still write.
    const { a, b, boardId } = await startCluster(TEST_REDIS_URL, { COMPACT_AFTER_UPDATES: '15' })
    const clients = [0, 1, 2, 3, 4, 5].map((i) => client(i % 2 === 0 ? a : b, boardId, `P${i}`))
    await waitFor(() => clients.every((c) => c.provider.synced), 20_000, 'every client synced')
    const expected = new Map<string, number>()
    for (let round = 0; round < 12; round++) {
      for (const [i, c] of clients.entries()) {
        const id = `shape:c${i}r${round}`
        c.records.set(id, note(id, `${c.name} round ${round}`, 100 * round, c.name))
        expected.set(id, 100 * round)
        // Move the previous note too: concurrent updates of records the others already have.
        if (round > 0) {
          const prev = `shape:c${i}r${round - 1}`
          c.records.set(prev, note(prev, `${c.name} round ${round - 1} moved`, 5_000 + round, c.name))
          expected.set(prev, 5_000 + round)
        }
      }
      await new Promise((r) => setTimeout(r, 30))
    }
    await waitFor(() => allEqual(clients) && clients[0].records.map.size > expected.size, 30_000, 'all six clients equal')
    for (const [id, x] of expected) expect(clients[1].records.get(id)?.x, id).toBe(x)

    const late = client(b, boardId, 'Late')
    await waitFor(() => late.provider.synced && snapshot(late.records) === snapshot(clients[0].records), 20_000, 'late joiner has the full board')

    const final = snapshot(clients[0].records)
    for (const c of [...clients, late]) c.destroy()
    await Promise.all([a.stop(), b.stop()])
    const storage = await openPostgresStorage(databaseUrl)
    const stored = await storage.documents.loadDocument(boardId)
    await storage.close()
    const doc = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(doc, u)
    expect(snapshot(new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)))).toBe(final)
  })

  it('cursors and names cross between servers, and leave when their client does', async () => {
    const { a, b, boardId } = await startCluster()
    const ann = client(a, boardId, 'Ann on A')
    const bob = client(b, boardId, 'Bob')
    await waitFor(() => ann.provider.synced && bob.provider.synced, 20_000, 'synced')
    // The server stamps the name from Ann's token, whatever the client sets.
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    const annSeenByBob = () => Array.from(bob.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Ann on A')
    await waitFor(annSeenByBob, 10_000, "Ann's presence at Bob")
    ann.destroy()
    // Far below the 30 s awareness timeout: the removal itself crossed over.
    await waitFor(() => !annSeenByBob(), 10_000, "Ann's presence gone at Bob")
  })

  it('a member on one server shows online on the other; removing them there closes their socket', async () => {
    const { a, b, cookie, boardId } = await startCluster()
    const member = await joinAsMember(a, b, cookie, boardId)
    const listMembers = async () =>
      ((await (await fetch(`${a.baseUrl}/api/boards/${boardId}/members`, { headers: { cookie } })).json()) as { members: { userId: string; name: string; online: boolean }[] }).members
    await waitFor(async () => (await listMembers()).find((m) => m.userId === member.userId)?.online === true, 10_000, 'member online at A')
    expect((await fetch(`${a.baseUrl}/api/boards/${boardId}/members/${member.userId}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204)
    expect(await member.closed).toBe(4403)
    await waitFor(async () => (await listMembers()).every((m) => m.userId !== member.userId), 10_000, 'member gone')
  })

  it('a long Redis outage mid-edit: nothing lost, boards opened meanwhile fan out afterwards, a removal made meanwhile takes effect', async () => {
    const redis = await startOwnRedis()
    cleanups.push(() => redis.kill())
    const { a, b, cookie, boardId } = await startCluster(redis.url)
    const member = await joinAsMember(a, b, cookie, boardId)
    const clients = [0, 1, 2, 3].map((i) => client(i % 2 === 0 ? a : b, boardId, `R${i}`))
    await waitFor(() => clients.every((c) => c.provider.synced), 20_000, 'every client synced')
    const made: string[] = []
    let n = 0
    const timer = setInterval(() => {
      for (const [i, c] of clients.entries()) {
        const id = `shape:r${i}n${n}`
        c.records.set(id, note(id, `${c.name} ${n}`, n, c.name))
        made.push(id)
      }
      n++
    }, 50)
    let opened: Client[] = []
    try {
      await new Promise((r) => setTimeout(r, 500))
      await redis.kill()
      // Longer than ioredis's own give-up point for queued commands (about 10 s of retries).
      const { id: otherBoard } = await createBoardViaApi(a.baseUrl, 'Opened during the outage', undefined, cookie)
      opened = [client(a, otherBoard, 'OpenA'), client(b, otherBoard, 'OpenB')]
      await waitFor(() => opened.every((c) => c.provider.synced), 20_000, 'board opened during the outage')
      // Removed on A while B cannot hear of it.
      expect((await fetch(`${a.baseUrl}/api/boards/${boardId}/members/${member.userId}`, { method: 'DELETE', headers: { cookie } })).status).toBe(204)
      await new Promise((r) => setTimeout(r, 12_000))
      await redis.restart()
      await new Promise((r) => setTimeout(r, 1_000))
    } finally {
      clearInterval(timer)
    }
    await waitFor(() => allEqual(clients) && made.every((id) => clients[0].records.has(id)), 30_000, 'every client has every edit')
    expect(made.length).toBeGreaterThan(200)
    expect(await member.closed).toBe(4403)
    // Live fan-out works again, on the old board and on the one opened during the outage.
    const after = 'shape:after-restart'
    clients[0].records.set(after, note(after, 'after', 1))
    await waitFor(() => clients.every((c) => c.records.has(after)), 10_000, 'an edit after the restart crosses over')
    opened[0].records.set('shape:from-a', note('shape:from-a', 'A', 1))
    opened[1].records.set('shape:from-b', note('shape:from-b', 'B', 2))
    await waitFor(() => opened.every((c) => c.records.has('shape:from-a') && c.records.has('shape:from-b')), 10_000, 'live edits both ways on the board opened during the outage')
  })

  it('a server started while Redis is down serves its clients, then joins the fan-out when Redis is back', async () => {
    const redis = await startOwnRedis()
    cleanups.push(() => redis.kill())
    const prefix = `jb-test-${randomUUID().slice(0, 8)}`
    const a = await startNode(redis.url, prefix)
    const cookie = await signUpAndSignIn(a.baseUrl, `owner-${randomUUID().slice(0, 8)}@example.com`, 'Owner')
    const { id: boardId } = await createBoardViaApi(a.baseUrl, 'Late Redis', undefined, cookie)
    await redis.kill()
    const b = await startNode(redis.url, prefix)
    const health = async (s: ChildServer) => (await (await fetch(`${s.baseUrl}/api/health`)).json()) as { redis?: string }
    expect((await health(b)).redis).toBe('reconnecting')
    const onA = client(a, boardId, 'OnA')
    const onB = [client(b, boardId, 'OnB1'), client(b, boardId, 'OnB2')]
    await waitFor(() => onA.provider.synced && onB.every((c) => c.provider.synced), 20_000, 'synced without Redis')
    onB[0].records.set('shape:b-alone', note('shape:b-alone', 'made while Redis was down', 1))
    onA.records.set('shape:a-alone', note('shape:a-alone', 'made on A while Redis was down', 2))
    // B's own clients are in sync with each other even without Redis.
    await waitFor(() => onB[1].records.has('shape:b-alone'), 10_000, 'local sync on B')
    await redis.restart()
    await waitFor(async () => (await health(b)).redis === 'connected', 20_000, 'B connected to Redis')
    await waitFor(() => allEqual([onA, ...onB]) && onA.records.has('shape:b-alone') && onB[1].records.has('shape:a-alone'), 20_000, 'converged after Redis came up')
    // And from now on by fan-out, not only by catching up.
    onA.records.set('shape:a-live', note('shape:a-live', 'live from A', 3))
    await waitFor(() => onB.every((c) => c.records.has('shape:a-live')), 10_000, 'a live edit from A reaches B')
  })
})
