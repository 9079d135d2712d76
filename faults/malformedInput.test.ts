import Database from 'better-sqlite3'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { META_MAP, META_SCHEMA_KEY, RECORDS_ARRAY } from '../lib/collab/documentLayout'
import { buildTestNote } from '../testing/buildTestNote'
import { DOCUMENT_RECORD_ID, type BoardRecord, type ShapeRecord } from '../lib/tldraw/records'
import { readBoardRecords } from '../server/boards/buildBoardDocument'
import { SQLITE_FILE_NAME } from '../server/storage/openSqliteStorage'
import { createBoardViaApi, makeDataDir, makeSyncToken, signUpAndSignIn, startChildServer, waitFor, type ChildServer } from '../server/testing/testServer'
import { connectFaultClient, getRecordMap, type FaultClient } from './connectFaultClient'
import { recordFigures } from './recordFigures'

const SEED = Number(process.env.FAULT_SEED ?? 7)
/** Websocket inputs per lane; lanes run side by side, each on its own socket. */
const WS_INPUTS_PER_LANE = 1_500
const WS_LANES = 4
const HTTP_RANDOM_INPUTS = 2_000
/** Well-formed hostile Yjs updates from one participant (issue #20's document rules). */
const HOSTILE_UPDATES = 1_000
const MIB = 1024 * 1024

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

interface StoredState {
  records: Record<string, BoardRecord>
  /** The stored document's `meta` map, and the roots outside the layout that hold anything. */
  meta: Record<string, unknown>
  strayRoots: string[]
  rows: number
  unreadableRows: number
  counts: Record<string, number>
}

/** What is on disk, read-only: the board's records, whether every row is readable, and table sizes. */
function readStored(dataDir: string, boardId: string): StoredState {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true })
  try {
    const rows = db.prepare('SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq').pluck().all(boardId) as Buffer[]
    const doc = new Y.Doc()
    let unreadableRows = 0
    for (const row of rows) {
      try {
        Y.decodeUpdate(row)
        Y.applyUpdate(doc, row)
      } catch {
        unreadableRows++
      }
    }
    const counts = Object.fromEntries(
      ['boards', 'users', 'board_members', 'invites', 'quarantined_updates'].map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
    )
    const meta = doc.getMap(META_MAP).toJSON()
    // A root's content, whatever its kind: live map entries or list items.
    const strayRoots = [...doc.share.entries()]
      .filter(([name, type]) => ![RECORDS_ARRAY, META_MAP, 'session', 'votes'].includes(name) && ([...type._map.values()].some((item) => !item.deleted) || type._length > 0))
      .map(([name]) => name)
    return { records: Object.fromEntries(readBoardRecords(doc).map((r) => [r.id, r])), meta, strayRoots, rows: rows.length, unreadableRows, counts }
  } finally {
    db.close()
  }
}

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(encoder, p)
    else encoding.writeUint8Array(encoder, p)
  }
  return encoding.toUint8Array(encoder)
}

function withLength(bytes: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint8Array(encoder, bytes)
  return encoding.toUint8Array(encoder)
}

/** A real update (a note the board already has), the raw material of corrupt envelopes. */
function realUpdate(): Uint8Array {
  const doc = new Y.Doc()
  new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY)).set('shape:from-fuzzer', buildTestNote({ id: 'shape:from-fuzzer', text: 'must never be stored', x: 0, y: 0 }))
  return Y.encodeStateAsUpdate(doc)
}

type WsInput = { kind: string; data: Uint8Array | string }

/** The websocket fuzz corpus: every input is malformed at the protocol or the Yjs level. */
function makeWsInput(gen: prng.PRNG, valid: Uint8Array): WsInput {
  const random = (min: number, max: number) => prng.uint8Array(gen, prng.int32(gen, min, max))
  switch (prng.int32(gen, 0, 10)) {
    case 0:
      return { kind: 'random bytes', data: random(1, 96) }
    case 1:
      // Varints whose continuation bit never ends.
      return { kind: 'truncated varint', data: prng.oneOf(gen, [new Uint8Array([0x80]), new Uint8Array([0, 0xff]), new Uint8Array([0, 2, 0x80, 0x80]), new Uint8Array([1, 0xff, 0xff])]) }
    case 2:
      return {
        kind: 'huge length prefix',
        data: prng.oneOf(gen, [frame(0, 2, 0xffffffff), frame(0, 0, 0x7fffffff), frame(1, 0xfffffff), frame(0, 1, 2 ** 40)]),
      }
    case 3:
      return { kind: 'envelope around random update', data: frame(0, prng.int32(gen, 1, 2), withLength(random(1, 200))) }
    case 4:
      return { kind: 'envelope around truncated update', data: frame(0, prng.int32(gen, 1, 2), withLength(valid.slice(0, prng.int32(gen, 1, valid.length - 1)))) }
    case 5: {
      // Corrupt the update's header (client count, client id, struct count), keep the rest.
      const corrupt = valid.slice()
      corrupt.set([0xff, 0xff, 0xff, 0xff, 0x0f].slice(0, prng.int32(gen, 1, 5)), 0)
      return { kind: 'envelope around corrupt header', data: frame(0, 2, withLength(corrupt)) }
    }
    case 6:
      return { kind: 'garbage awareness', data: frame(1, withLength(random(1, 64))) }
    case 7:
      return { kind: 'unknown message type', data: frame(prng.oneOf(gen, [4, 7, 42, 99, 102, 255, 100_000]), random(0, 16)) }
    case 8:
      return { kind: 'unknown sync type', data: frame(0, prng.int32(gen, 3, 1000), withLength(random(0, 16))) }
    case 9:
      return { kind: 'text frame', data: prng.utf16String(gen, 40) || 'x' }
    default:
      return { kind: 'empty frame', data: new Uint8Array(0) }
  }
}

/** Sync step 1 with an empty state vector: answered (step 2) through the room queue, after the input. */
const PROBE = new Uint8Array([0, 0, 1, 0])

interface HttpAnswer {
  status?: number
  error?: string
}

/** One ordinary HTTP request. */
function request(port: number, method: string, urlPath: string, headers: Record<string, string>, body?: Buffer | string): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    // A fresh connection each time: a socket the server closed after a refusal is never reused.
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode }))
      res.on('error', () => resolve({ status: res.statusCode }))
    })
    req.on('error', (err) => resolve({ error: err.message }))
    if (body !== undefined) req.write(body)
    req.end()
  })
}

/**
 * A huge body over a raw socket: it stops sending as soon as the server answers and reads the
 * status line even if the server closes the connection mid-upload (node:http would report EPIPE or
 * ECONNRESET instead of the answer that did arrive).
 */
function requestHuge(port: number, method: string, urlPath: string, headers: Record<string, string>, body: Buffer, chunked: boolean): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let received = ''
    let writeError: string | undefined
    const finish = () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]
      resolve(status ? { status: Number(status) } : { error: writeError ?? 'closed without an answer' })
    }
    socket.on('data', (d) => {
      received += d.toString('latin1')
      // The status line is the answer; the server may go on reading the body it will drop.
      if (/^HTTP\/1\.1 \d{3}/.test(received)) socket.destroy()
    })
    socket.on('error', (err) => (writeError = err.message))
    socket.on('close', finish)
    socket.on('connect', async () => {
      const head = [`${method} ${urlPath} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), chunked ? 'transfer-encoding: chunked' : `content-length: ${body.length}`, '', '']
      socket.write(head.join('\r\n'))
      for (let i = 0; i < body.length && !received && !socket.destroyed; i += 64 * 1024) {
        const part = body.subarray(i, i + 64 * 1024)
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part)
        if (!ok) await new Promise((r) => socket.once('drain', r))
      }
      if (!received && !socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '')
    })
  })
}

describe('malformed input', () => {
  it('keeps the server up, stores nothing from it, and answers every bad HTTP request with a 4xx', async () => {
    const gen = prng.create(SEED)
    const dataDir = makeDataDir()
    // A high message rate: this measures parsing, not the rate limit (tested elsewhere).
    const server: ChildServer = await startChildServer(dataDir, { MAX_MESSAGES_PER_SECOND: '100000' })
    cleanups.push(() => server.stop('SIGKILL'))
    const cookie = await signUpAndSignIn(server.baseUrl, 'owner@example.com', 'Owner')
    const board = await createBoardViaApi(server.baseUrl, 'Fuzzed', undefined, cookie)
    const token = makeSyncToken(dataDir, board.id)
    const honestA = connectFaultClient(server.port, board.id, token)
    const honestB = connectFaultClient(server.port, board.id, token)
    cleanups.push(honestA.destroy, honestB.destroy)
    await waitFor(() => honestA.provider.synced && honestB.provider.synced)
    const before = readStored(dataDir, board.id)
    const health = async () => (await request(server.port, 'GET', '/api/health', {})).status

    // --- websocket ---------------------------------------------------------------------------
    const valid = realUpdate()
    const wsByKind: Record<string, number> = {}
    const closeCodes: Record<string, number> = {}
    let connections = 0
    const lane = async () => {
      let ws: WebSocket | undefined
      let closed: Promise<number> | undefined
      for (let n = 0; n < WS_INPUTS_PER_LANE; n++) {
        if (!ws || ws.readyState !== WebSocket.OPEN) {
          ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${board.id}?token=${token}`)
          const socket = ws
          closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)))
          await new Promise<void>((resolve, reject) => {
            socket.once('open', () => resolve())
            socket.once('error', reject)
          })
          connections++
        }
        const input = makeWsInput(gen, valid)
        wsByKind[input.kind] = (wsByKind[input.kind] ?? 0) + 1
        const socket = ws
        const answered = new Promise<void>((resolve) => {
          const onMessage = (data: Buffer) => {
            if (data[0] === 0 && data[1] === 1) {
              socket.off('message', onMessage)
              resolve()
            }
          }
          socket.on('message', onMessage)
          void closed!.then(() => resolve())
        })
        socket.send(input.data)
        if (socket.readyState === WebSocket.OPEN) socket.send(PROBE)
        await answered
        if (socket.readyState !== WebSocket.OPEN) {
          const code = await closed!
          closeCodes[code] = (closeCodes[code] ?? 0) + 1
        }
        if (n % 500 === 0) expect(await health()).toBe(200)
      }
      ws?.close()
    }
    const wsStarted = performance.now()
    await Promise.all(Array.from({ length: WS_LANES }, lane))
    const wsMs = performance.now() - wsStarted
    expect(await health()).toBe(200)
    // The honest clients still sync.
    honestA.records.set('shape:honest', buildTestNote({ id: 'shape:honest', text: 'after the fuzzing', x: 10, y: 10 }))
    await waitFor(() => honestB.records.has('shape:honest'), 10_000, 'honest edit delivered')
    await waitFor(() => readStored(dataDir, board.id).records['shape:honest'] !== undefined, 10_000, 'honest edit stored')

    // --- HTTP --------------------------------------------------------------------------------
    const statuses: Record<string, number> = {}
    const serverErrors: string[] = []
    let httpInputs = 0
    const check = async (method: string, urlPath: string, opts: { auth?: boolean; body?: Buffer | string; chunked?: boolean } = {}) => {
      httpInputs++
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.auth ? { cookie } : {}) }
      const isHuge = opts.body !== undefined && Buffer.byteLength(opts.body) > MIB
      const answer = isHuge
        ? await requestHuge(server.port, method, urlPath, headers, Buffer.from(opts.body!), !!opts.chunked)
        : await request(server.port, method, urlPath, headers, opts.body)
      const key = answer.status ? String(answer.status) : `no answer (${answer.error})`
      statuses[key] = (statuses[key] ?? 0) + 1
      if (!answer.status || answer.status < 400 || answer.status >= 500) serverErrors.push(`${method} ${urlPath} auth=${!!opts.auth} body=${String(opts.body ?? '').slice(0, 60)} -> ${key}`)
    }
    const badJson = ['{', '{"title": ', '{"title": "x",}', "{'title': 'x'}", 'nul', 'undefined', '\u0000\u0001', '{"a":1}{"b":2}', '[', '"unterminated', '{"title": "\\ud800"']
    const wrongShapes = ['null', '[]', '[1,2]', '"text"', '42', 'true', '{"title": 42}', '{"title": ""}', '{"title": []}', '{"title": {"$gt": ""}}', `{"title": "${'x'.repeat(201)}"}`, '{"template": 7}', '{"title": null}']
    const otherId = 'AAAAAAAAAAAAAAAA'
    const ids = [otherId, '%zz', '%E0%A4%A', '..', 'x'.repeat(300), encodeURIComponent('<script>'), '0']
    const routes: { method: string; path: (id: string) => string; bodies: string[] }[] = [
      { method: 'POST', path: () => '/api/boards', bodies: [...badJson, ...wrongShapes, '{"title": "ok", "template": "no-such-template"}'] },
      { method: 'POST', path: () => '/api/boards/import', bodies: [...badJson, ...wrongShapes, '{}', '{"stages": "many"}', '{"version": 99}'] },
      { method: 'PATCH', path: (id) => `/api/boards/${id}`, bodies: [...badJson, 'null', '[]', '"x"', '{"title": 5}', '{"archived": "yes"}', '{"title": ""}'] },
      { method: 'GET', path: (id) => `/api/boards/${id}/journey?format=xls`, bodies: [] },
      { method: 'PATCH', path: (id) => `/api/boards/${id}/members/nobody`, bodies: [...badJson, '{"role": "god"}', '{"role": 5}', '{}'] },
      { method: 'POST', path: (id) => `/api/boards/${id}/invites`, bodies: [...badJson, '{"role": "owner"}', '{"role": "viewer", "expiresInHours": -1}', '{"role": "viewer", "expiresInHours": "soon"}', '{}'] },
      { method: 'POST', path: (id) => `/api/boards/${id}/versions`, bodies: [...badJson, '{"label": ""}', '{"label": 5}', '{}'] },
      { method: 'POST', path: (id) => `/api/boards/${id}/versions/no-such-version/restore`, bodies: ['{}'] },
      { method: 'POST', path: () => '/api/signup', bodies: [...badJson, ...wrongShapes, '{"email": "x", "name": "n", "password": "correct horse battery"}', '{"email": "a@b.co", "name": "", "password": "correct horse battery"}', '{"email": "a@b.co", "name": "n", "password": "short"}'] },
      { method: 'POST', path: () => '/api/invites/no-such-invite/accept', bodies: ['{}', ...badJson] },
      { method: 'GET', path: () => '/api/invites/no-such-invite', bodies: [] },
    ]
    const unknownPaths = ['/api/nope', '/api/boards/x/y/z/w', '/api/boards//', '/api/%', '/api/boards/%zz/members', '/api/' + 'a/'.repeat(200), '/api/templates/../../etc/passwd', '/api/health/extra']
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

    // Fixed cases: huge bodies, refusals without a session, unknown routes and wrong methods.
    const huge = JSON.stringify({ title: 'x'.repeat(Math.round(1.5 * MIB)) })
    for (const p of ['/api/boards', '/api/signup', `/api/boards/${board.id}/invites`, `/api/boards/${board.id}/versions`]) {
      await check('POST', p, { auth: true, body: huge })
      await check('POST', p, { auth: true, body: huge, chunked: true })
    }
    await check('PATCH', `/api/boards/${board.id}`, { auth: true, body: huge })
    await check('POST', '/api/boards/import', { auth: true, body: JSON.stringify({ title: 'x'.repeat(11 * MIB) }) })
    for (const r of routes) if (r.method !== 'POST' || !r.path(board.id).startsWith('/api/signup')) await check(r.method, r.path(board.id), { body: r.bodies[0] })
    for (const p of unknownPaths) for (const m of methods) await check(m, p, { auth: true })
    for (const m of ['PUT', 'OPTIONS']) await check(m, '/api/boards', { auth: true })

    // Seeded random combinations.
    for (let n = 0; n < HTTP_RANDOM_INPUTS; n++) {
      const route = prng.oneOf(gen, routes)
      const id = prng.int32(gen, 0, 2) === 0 ? prng.oneOf(gen, ids) : board.id
      const body = route.bodies.length ? prng.oneOf(gen, route.bodies) : undefined
      await check(route.method, route.path(id), { auth: prng.int32(gen, 0, 4) > 0, body })
      if (n % 250 === 0) expect(await health()).toBe(200)
    }
    for (let n = 0; n < 200; n++) {
      await check(prng.oneOf(gen, methods), '/api/' + Array.from({ length: prng.int32(gen, 1, 4) }, () => prng.word(gen, 1, 12)).join('/'), { auth: true, body: prng.int32(gen, 0, 1) ? prng.oneOf(gen, badJson) : undefined })
    }
    expect(await health()).toBe(200)

    // --- what is stored ------------------------------------------------------------------------
    await server.stop('SIGTERM')
    const after = readStored(dataDir, board.id)
    const expectedRecords = { ...before.records, 'shape:honest': after.records['shape:honest'] }
    const wsInputs = WS_LANES * WS_INPUTS_PER_LANE
    recordFigures('malformedInput', {
      seed: SEED,
      wsInputs,
      wsInputsByKind: wsByKind,
      wsConnectionsOpened: connections,
      wsCloseCodes: closeCodes,
      wsInputsPerSecond: Math.round(wsInputs / (wsMs / 1000)),
      httpInputs,
      httpStatuses: statuses,
      httpNot4xx: serverErrors.length,
      storedRecordsUnchanged: isDeepStrictEqual(after.records, expectedRecords),
      unreadableStoredRows: after.unreadableRows,
      tableCounts: after.counts,
    })
    expect(serverErrors).toEqual([])
    expect(Object.keys(closeCodes).every((code) => code === '4400')).toBe(true)
    expect(after.unreadableRows).toBe(0)
    expect(after.records).toEqual(expectedRecords)
    expect(after.records['shape:from-fuzzer']).toBeUndefined()
    expect(after.counts).toEqual(before.counts)
  })
})

describe('well-formed hostile updates', () => {
  it("undoes 1,000 random updates from a participant writing meta, unknown roots, others' authors and votes and oversized text: nothing stored, honest clients agree", async () => {
    const gen = prng.create(SEED + 1)
    const dataDir = makeDataDir()
    // Limits that measure the document rules, not the rate limits (tested elsewhere).
    const server: ChildServer = await startChildServer(dataDir, { MAX_MESSAGES_PER_SECOND: '100000', MAX_WRITE_BYTES_PER_MINUTE: String(1024 * MIB) })
    cleanups.push(() => server.stop('SIGKILL'))
    const cookie = await signUpAndSignIn(server.baseUrl, 'owner@example.com', 'Owner')
    const board = await createBoardViaApi(server.baseUrl, 'Attacked', undefined, cookie)
    const honestA = connectFaultClient(server.port, board.id, makeSyncToken(dataDir, board.id, 'participant', 'Alice'))
    const honestB = connectFaultClient(server.port, board.id, makeSyncToken(dataDir, board.id, 'facilitator', 'Fay'))
    const attacker = connectFaultClient(server.port, board.id, makeSyncToken(dataDir, board.id, 'participant', 'Mallory'))
    cleanups.push(honestA.destroy, honestB.destroy, attacker.destroy)
    await waitFor(() => honestA.provider.synced && honestB.provider.synced && attacker.provider.synced)
    // Alice's note, the attacker's target.
    honestA.records.set('shape:alices', buildTestNote({ id: 'shape:alices', text: "Alice's note", x: 3000, y: 3000, meta: { authorId: 'token:Alice', authorName: 'Alice' } }))
    await waitFor(() => attacker.records.has('shape:alices') && honestB.records.has('shape:alices'))
    await waitFor(() => readStored(dataDir, board.id).records['shape:alices'] !== undefined, 10_000, "Alice's note stored")
    const before = readStored(dataDir, board.id)
    expect(before.meta[META_SCHEMA_KEY]).toBeDefined()

    const randomText = (min: number, max: number) => {
      const length = prng.int32(gen, min, max)
      const word = prng.word(gen, 1, 8) || 'x'
      return word.repeat(Math.ceil(length / word.length)).slice(0, length)
    }
    const parts: Record<string, number> = {}
    const hostileParts: ((doc: Y.Doc, n: number) => void)[] = [
      // meta: a newer schema (locks every browser out), or keys of its own.
      (doc) => doc.getMap(META_MAP).set(prng.oneOf(gen, [META_SCHEMA_KEY, META_SCHEMA_KEY, 'x', prng.word(gen, 1, 10)]), { schemaVersion: prng.int32(gen, 2, 99), sequences: { [prng.word(gen)]: prng.int32(gen, 0, 1e6) } }),
      // Root types outside the layout, of every kind.
      (doc, n) => {
        const name = `${prng.oneOf(gen, ['junk', 'tldraw2', 'Meta', 'sessions'])}${n % 7}`
        const kind = prng.int32(gen, 0, 2)
        if (kind === 0) doc.getMap(`${name}-map`).set(prng.word(gen), randomText(1, 200))
        else if (kind === 1) doc.getArray(`${name}-array`).push([prng.int32(gen, 0, 1e6), randomText(1, 50)])
        else doc.getText(`${name}-text`).insert(0, randomText(1, 100))
      },
      // Someone else's note: its author.
      (_doc) => {
        const note = attacker.records.get('shape:alices') as ShapeRecord | undefined
        if (note) attacker.records.set('shape:alices', { ...note, meta: { ...note.meta, authorId: prng.oneOf(gen, ['token:Mallory', 'x', '']), authorName: prng.oneOf(gen, ['Alice Owner (spoofed)', 'Mallory', prng.word(gen)]) } })
      },
      // Someone else's note: its tally.
      (_doc) => {
        const note = attacker.records.get('shape:alices') as ShapeRecord | undefined
        if (note) attacker.records.set('shape:alices', { ...note, meta: { ...note.meta, votes: prng.int32(gen, 1, 999) } })
      },
      // Oversized text, in a new note or in Alice's.
      (_doc, n) => {
        const id = prng.bool(gen) ? `shape:long-${n}` : 'shape:alices'
        attacker.records.set(id, buildTestNote({ id, text: randomText(20_001, 30_000), x: 3000, y: 3000 }))
      },
      // The board's name.
      (_doc) => {
        const record = attacker.records.get(DOCUMENT_RECORD_ID)
        if (record) attacker.records.set(DOCUMENT_RECORD_ID, { ...record, name: `Hacked ${prng.word(gen)}` })
      },
    ]
    const started = performance.now()
    for (let n = 0; n < HOSTILE_UPDATES; n++) {
      // Every update touches every part, in a random order (one transaction, one message).
      const order = hostileParts.map((part, i) => ({ part, i, key: prng.real53(gen) })).sort((a, b) => a.key - b.key)
      attacker.doc.transact(() => {
        for (const { part, i } of order) {
          part(attacker.doc, n)
          parts[i] = (parts[i] ?? 0) + 1
        }
      })
      // Now and then let the server catch up, so the attacker's next updates build on its undo.
      if (n % 50 === 49) await waitFor(() => attacker.isAcked(), 30_000, 'hostile updates answered')
      if (n % 250 === 0) expect((await request(server.port, 'GET', '/api/health', {})).status).toBe(200)
    }
    await waitFor(() => attacker.isAcked(), 60_000, 'every hostile update answered')
    const hostileMs = performance.now() - started
    // Every client, the attacker included, ends where it started: the server undid it for all.
    const sameRecords = (c: FaultClient) => isDeepStrictEqual(getRecordMap(c.records), getRecordMap(honestB.records))
    await waitFor(() => sameRecords(honestA) && sameRecords(attacker), 30_000, 'clients agree')
    expect(attacker.provider.wsconnected).toBe(true)
    honestA.records.set('shape:honest', buildTestNote({ id: 'shape:honest', text: 'after the attack', x: 10, y: 10, meta: { authorId: 'token:Alice', authorName: 'Alice' } }))
    await waitFor(() => honestB.records.has('shape:honest') && attacker.records.has('shape:honest'), 10_000, 'honest edit delivered')
    await waitFor(() => sameRecords(honestA) && sameRecords(attacker), 10_000, 'clients agree after the honest edit')

    await server.stop('SIGTERM')
    const after = readStored(dataDir, board.id)
    const expectedRecords = { ...before.records, 'shape:honest': after.records['shape:honest'] }
    recordFigures('hostileUpdates', {
      seed: SEED + 1,
      updates: HOSTILE_UPDATES,
      partsTouched: parts,
      updatesPerSecond: Math.round(HOSTILE_UPDATES / (hostileMs / 1000)),
      storedRecordsUnchanged: isDeepStrictEqual(after.records, expectedRecords),
      strayRoots: after.strayRoots.length,
      storedRows: after.rows,
    })
    expect(after.unreadableRows).toBe(0)
    expect(after.meta).toEqual(before.meta)
    expect(after.strayRoots).toEqual([])
    expect(after.records).toEqual(expectedRecords)
    expect((after.records['shape:alices'] as ShapeRecord).meta).toEqual({ authorId: 'token:Alice', authorName: 'Alice' })
    expect(Object.keys(after.records).filter((id) => id.startsWith('shape:long-'))).toEqual([])
    expect(getRecordMap(honestA.records)).toEqual(getRecordMap(honestB.records))
  })
})
