import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { FREE_ADDRESS_FAILURES } from '../auth/LoginRateLimiter'
import type { AppServer } from '../createAppServer'
import { createBoardViaApi, makeDataDir, makeSyncToken, signIn, signUpAndSignIn, startInProcessServer } from '../testing/testServer'
import { buildTestJourney, buildTestLane, buildTestStage } from '../../testing/buildTestJourney'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const PASSWORD = 'correct horse battery'

async function setup(env: Record<string, string> = {}) {
  const dataDir = makeDataDir()
  const server: AppServer = await startInProcessServer(dataDir, env)
  cleanups.push(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const owner = await signUpAndSignIn(base, 'fay@example.com', 'Fay Facilitator')
  const board = await createBoardViaApi(base, 'Hardened', undefined, owner)
  return { server, dataDir, base, owner, board }
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** One HTTP request from a chosen local address (127.0.0.0/8 is all loopback on Linux). */
function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string, localAddress = '127.0.0.1'): Promise<Answer> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

type SignInAnswer = Answer & { signedIn: boolean }

/** Fetches next-auth's CSRF token (as its client does) and returns the credentials POST, ready to send. */
async function prepareSignIn(base: string, email: string, password: string, localAddress = '127.0.0.1'): Promise<() => Promise<SignInAnswer>> {
  const csrf = await request(base, 'GET', '/api/auth/csrf', {}, undefined, localAddress)
  const cookie = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string }
  const form = new URLSearchParams({ email, password, csrfToken, json: 'true' }).toString()
  return async () => {
    const res = await request(base, 'POST', '/api/auth/callback/credentials', { 'content-type': 'application/x-www-form-urlencoded', cookie }, form, localAddress)
    return { ...res, signedIn: (res.headers['set-cookie'] ?? []).some((c) => c.startsWith('next-auth.session-token=')) }
  }
}

/** next-auth's credentials sign-in from a local address. */
async function signInFrom(base: string, email: string, password: string, localAddress = '127.0.0.1'): Promise<SignInAnswer> {
  return (await prepareSignIn(base, email, password, localAddress))()
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

describe('sign-in limits (issue #20 item 8)', () => {
  it('checks at most the free attempts of 40 parallel wrong passwords from one address; the rest, and then the right one, get 429 with Retry-After', async () => {
    const { base } = await setup()
    const ready = await Promise.all(Array.from({ length: 40 }, (_, i) => prepareSignIn(base, 'fay@example.com', `wrong password ${i}`)))
    const answers = await Promise.all(ready.map((send) => send()))
    const refused = answers.filter((a) => a.status === 429)
    expect(answers.filter((a) => a.status !== 429).length).toBeLessThanOrEqual(FREE_ADDRESS_FAILURES)
    expect(refused.length).toBeGreaterThanOrEqual(40 - FREE_ADDRESS_FAILURES)
    expect(refused.every((a) => Number(a.headers['retry-after']) >= 1)).toBe(true)
    expect(answers.some((a) => a.signedIn)).toBe(false)
    // The attacker's address now backs off, even with the right password.
    const right = await signInFrom(base, 'fay@example.com', PASSWORD)
    expect(right.status).toBe(429)
    expect(right.signedIn).toBe(false)
    // The error reaches next-auth's client as its `url` (what the sign-in page shows).
    expect(new URL((JSON.parse(right.body) as { url: string }).url).searchParams.get('error')).toMatch(/Too many failed sign-ins from this address/)
    // The real user, elsewhere, is only delayed: never locked out of the account.
    expect((await signInFrom(base, 'fay@example.com', PASSWORD, '127.0.0.2')).signedIn).toBe(true)
  })

  it('hashes only what the queue holds of 41 parallel sign-ins; the others are answered 429 with Retry-After at once', async () => {
    const { base } = await setup({ PASSWORD_HASH_CONCURRENCY: '2', PASSWORD_HASH_QUEUE: '4' })
    // All 41 arrive together (each fetched its CSRF token first, as next-auth's client does).
    const ready = await Promise.all(Array.from({ length: 41 }, (_, i) => prepareSignIn(base, 'fay@example.com', PASSWORD, `127.0.1.${i + 1}`)))
    const answers = await Promise.all(ready.map((send) => send()))
    const hashed = answers.filter((a) => a.status !== 429)
    expect(hashed.every((a) => a.signedIn)).toBe(true)
    // Slots free up while the burst is still arriving, so a few more than 2 + 4 may get in; but
    // most are told at once to come back, instead of all waiting on 41 hashes (158 s before).
    const busy = answers.filter((a) => a.status === 429)
    expect(busy.length).toBeGreaterThan(41 / 2)
    expect(busy.every((a) => Number(a.headers['retry-after']) >= 1 && /busy checking passwords/.test(a.body))).toBe(true)
  })
})

describe('user enumeration (item 12)', () => {
  it('answers a sign-up for a known email exactly as for a new one, and creates nothing', async () => {
    const { base } = await setup()
    const signUp = (email: string, password: string) => request(base, 'POST', '/api/signup', { 'content-type': 'application/json' }, JSON.stringify({ email, name: 'Someone', password }))
    const known = await signUp('fay@example.com', 'another long password')
    const fresh = await signUp('new@example.com', 'another long password')
    expect(known.status).toBe(fresh.status)
    expect(Object.keys(JSON.parse(known.body) as object).sort()).toEqual(Object.keys(JSON.parse(fresh.body) as object).sort())
    // The existing account keeps its own password; the new one works.
    await expect(signIn(base, 'fay@example.com', 'another long password')).rejects.toThrow(/sign-in failed/)
    await signIn(base, 'fay@example.com', PASSWORD)
    await signIn(base, 'new@example.com', 'another long password')
  })

  it('takes about as long to refuse an unknown email as a known one (a dummy hash is checked)', async () => {
    const { base } = await setup()
    const time = async (email: string, i: number) => {
      const start = performance.now()
      const res = await signInFrom(base, email, 'not the password', `127.0.2.${i}`)
      expect(res.signedIn).toBe(false)
      return performance.now() - start
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 1; i <= 3; i++) {
      known.push(await time('fay@example.com', i))
      unknown.push(await time(`nobody${i}@example.com`, 10 + i))
    }
    // Without the dummy hash an unknown email took a few ms against ~1 s for a known one.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.3)
  })
})

describe('CSRF (item 10)', () => {
  it('refuses cross-site writes riding on the session cookie: text/plain, forms, foreign Origin, Sec-Fetch-Site cross-site', async () => {
    const { base, owner, board } = await setup()
    const evil = 'https://evil.example'
    const boardsBefore = JSON.parse((await request(base, 'GET', '/api/boards', { cookie: owner })).body) as { boards: unknown[] }
    // A page elsewhere can send these without a preflight.
    const plain = await request(base, 'POST', '/api/boards', { cookie: owner, origin: evil, 'content-type': 'text/plain' }, JSON.stringify({ title: 'Forged' }))
    expect(plain.status).toBe(415)
    const form = await request(base, 'POST', `/api/boards/${board.id}/invites`, { cookie: owner, origin: evil, 'content-type': 'application/x-www-form-urlencoded' }, 'role=facilitator')
    expect(form.status).toBe(415)
    // Even as JSON (after a preflight this server never allows) a foreign origin may not write.
    const json = await request(base, 'POST', `/api/boards/${board.id}/invites`, { cookie: owner, origin: evil, 'content-type': 'application/json' }, JSON.stringify({ role: 'facilitator' }))
    expect(json.status).toBe(403)
    const nullOrigin = await request(base, 'POST', '/api/boards', { cookie: owner, origin: 'null', 'content-type': 'application/json' }, JSON.stringify({ title: 'Forged' }))
    expect(nullOrigin.status).toBe(403)
    const crossSite = await request(base, 'DELETE', `/api/boards/${board.id}`, { cookie: owner, 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)
    const boardsAfter = JSON.parse((await request(base, 'GET', '/api/boards', { cookie: owner })).body) as { boards: unknown[] }
    expect(boardsAfter.boards).toHaveLength(boardsBefore.boards.length)
    const invites = JSON.parse((await request(base, 'GET', `/api/boards/${board.id}/invites`, { cookie: owner })).body) as { invites: unknown[] }
    expect(invites.invites).toHaveLength(0)
  })

  it('lets the app itself, scripts with a bearer token, and next-auth forms through', async () => {
    const { base, owner, board, dataDir } = await setup()
    const sameOrigin = await request(base, 'POST', '/api/boards', { cookie: owner, origin: base, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, JSON.stringify({ title: 'Mine' }))
    expect(sameOrigin.status).toBe(201)
    const token = makeSyncToken(dataDir, board.id, 'facilitator', 'Script')
    const script = await request(base, 'POST', `/api/boards/${board.id}/invites`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify({ role: 'viewer' }))
    expect(script.status).toBe(201)
    // A write with no body needs no content type (the facilitator panel's version restore).
    const noBody = await request(base, 'POST', `/api/boards/${board.id}/versions/no-such-version/restore`, { cookie: owner, origin: base })
    expect(noBody.status).toBe(404)
    // next-auth's own POSTs are form-encoded and carry its CSRF token.
    expect((await signInFrom(base, 'fay@example.com', PASSWORD)).signedIn).toBe(true)
  })
})

describe('security headers (item 11)', () => {
  it('sends a CSP with a fresh nonce, frame-ancestors, nosniff and a Referrer-Policy on every response', async () => {
    const { base } = await setup()
    const a = await request(base, 'GET', '/api/health', {})
    const b = await request(base, 'GET', '/b/AAAAAAAAAAAAAAAA', {})
    for (const res of [a, b]) {
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
      expect(res.headers['x-frame-options']).toBe('DENY')
    }
    const nonce = (h: Answer) => /'nonce-([^']+)'/.exec(String(h.headers['content-security-policy']))![1]
    expect(nonce(a)).not.toBe(nonce(b))
  })

  it('takes frame-ancestors from FRAME_ANCESTORS', async () => {
    const { base } = await setup({ FRAME_ANCESTORS: "'self' https://intranet.example" })
    const res = await request(base, 'GET', '/api/health', {})
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self' https://intranet.example")
    expect(res.headers['x-frame-options']).toBeUndefined()
  })
})

describe('member emails (item 13)', () => {
  it('shows emails to facilitators only: viewers, participants, guests and token holders see names', async () => {
    const { base, owner, board, dataDir } = await setup()
    const invite = async (role: string) =>
      (JSON.parse((await request(base, 'POST', `/api/boards/${board.id}/invites`, { cookie: owner, 'content-type': 'application/json' }, JSON.stringify({ role }))).body) as { token: string }).token
    const join = (token: string, cookie?: string, name?: string) =>
      request(base, 'POST', `/api/invites/${token}/accept`, { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, JSON.stringify(name ? { name } : {}))
    const viewer = await signUpAndSignIn(base, 'vic@example.com', 'Vic Viewer')
    await join(await invite('viewer'), viewer)
    const participant = await signUpAndSignIn(base, 'pat@example.com', 'Pat Participant')
    await join(await invite('participant'), participant)
    const guestJoin = await join(await invite('participant'), undefined, 'Gus Guest')
    const guest = (guestJoin.headers['set-cookie'] ?? [])[0].split(';')[0]
    const members = async (headers: Record<string, string>) =>
      (JSON.parse((await request(base, 'GET', `/api/boards/${board.id}/members`, headers)).body) as { members: { name: string; email: string | null }[] }).members
    const token = makeSyncToken(dataDir, board.id, 'participant', 'Script')
    const headerSets: Record<string, string>[] = [{ cookie: viewer }, { cookie: participant }, { cookie: guest }, { authorization: `Bearer ${token}` }]
    for (const headers of headerSets) {
      const list = await members(headers)
      expect(list.map((m) => m.name).sort()).toEqual(['Fay Facilitator', 'Gus Guest', 'Pat Participant', 'Vic Viewer'])
      expect(list.every((m) => m.email === null)).toBe(true)
    }
    const asFacilitator = await members({ cookie: owner })
    expect(asFacilitator.find((m) => m.name === 'Vic Viewer')?.email).toBe('vic@example.com')
  })
})

describe('4xx, not 500 (item 14)', () => {
  it('answers bad JSON and oversized bodies to the credentials callback with 400 and 413', async () => {
    const { base } = await setup()
    const path = '/api/auth/callback/credentials'
    for (const body of ['{', '{"email": ', 'nul', '[1]', '"x"']) {
      const res = await request(base, 'POST', path, { 'content-type': 'application/json' }, body)
      expect(res.status, body).toBe(400)
    }
    const huge = await request(base, 'POST', path, { 'content-type': 'application/x-www-form-urlencoded' }, 'email=' + 'x'.repeat(70 * 1024))
    expect(huge.status).toBe(413)
    expect((await request(base, 'GET', '/api/health', {})).status).toBe(200)
  })

  it('refuses importing a grid past the documented maximum with 400 and the reason', async () => {
    const { base, owner } = await setup()
    const stages = Array.from({ length: 200 }, (_, i) => buildTestStage(`s${i}`, `Stage ${i}`, i))
    const lanes = Array.from({ length: 200 }, (_, i) => buildTestLane(`l${i}`, `Lane ${i}`, 'custom', i))
    const journey = buildTestJourney({ title: 'Huge', stages, lanes })
    const res = await request(base, 'POST', '/api/boards/import', { cookie: owner, 'content-type': 'application/json' }, JSON.stringify(journey))
    expect(res.status).toBe(400)
    const body = JSON.parse(res.body) as { issues: { path: string; message: string }[] }
    expect(body.issues).toEqual([
      { path: 'stages', message: "200 stages: a board's grid is at most 50 stages x 50 lanes" },
      { path: 'lanes', message: "200 lanes: a board's grid is at most 50 stages x 50 lanes" },
    ])
    // The largest allowed grid imports.
    const max = { ...journey, stages: stages.slice(0, 50), lanes: lanes.slice(0, 50) }
    expect((await request(base, 'POST', '/api/boards/import', { cookie: owner, 'content-type': 'application/json' }, JSON.stringify(max))).status).toBe(201)
  })

  it('closes a socket that sends a malformed update with 4400 and a reason without internal error text', async () => {
    const { server, board, dataDir } = await setup()
    const token = makeSyncToken(dataDir, board.id)
    // Sync step "update" envelopes around broken Yjs updates: truncated ones, and one whose
    // ContentAny names no type (Yjs throws "TypeError: readAnyLookupTable[...] is not a function").
    const frames = [
      Buffer.from([0, 2, 5, 1, 2, 3, 4, 5]),
      Buffer.from([0, 2, 6, 1, 1, 0, 0, 0xff, 0xff]),
      Buffer.from([0, 2, 10, 1, 1, 1, 0, 8, 1, 1, 97, 1, 0]),
    ]
    const reasons: string[] = []
    for (const frame of frames) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${board.id}?token=${token}`)
      const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
      ws.send(frame)
      const { code, reason } = await closed
      expect(code).toBe(4400)
      reasons.push(reason)
    }
    for (const reason of reasons) expect(reason).not.toMatch(/Error|readAny|lookup|undefined|out of range|\bat\b/i)
  })
})
