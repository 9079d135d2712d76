import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CloseReason } from '../../lib/collab/closeReasons'
import { startBoardServer, useCleanups, type BoardServer } from '../testing/startBoardServer'
import { createBoardViaApi, makeSyncToken } from '../testing/testServer'

const onCleanup = useCleanups()
type Setup = BoardServer
const setup = (env: Record<string, string> = {}) => startBoardServer(onCleanup, { env, title: 'Office workshop' })

interface OpenSocket {
  ws: WebSocket
  /** Resolves with the first message (the server's sync step 1), or rejects when closed first. */
  synced: Promise<void>
  closed: Promise<number>
}

/** A socket from 127.0.0.1, as every browser behind one office NAT looks to the server. */
function openSocket(s: Setup, auth: { token: string } | { cookie: string }, boardId = s.boardId): OpenSocket {
  const query = 'token' in auth ? `?token=${auth.token}` : ''
  const ws = new WebSocket(`ws://127.0.0.1:${s.server.port}/sync/${boardId}${query}`, { headers: 'cookie' in auth ? { cookie: auth.cookie } : {} })
  onCleanup(() => ws.terminate())
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  const synced = new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve())
    void closed.then((code) => reject(new Error(`closed with ${code} before syncing`)))
  })
  synced.catch(() => {})
  return { ws, synced, closed }
}

/** A guest joins through the invite link: no account, a name, and a session cookie of their own. */
async function joinAsGuest(s: Setup, inviteToken: string, name: string): Promise<string> {
  const res = await fetch(`${s.base}/api/invites/${inviteToken}/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
  expect(res.status).toBe(200)
  const cookie = res.headers.get('set-cookie')
  if (!cookie) throw new Error('no session cookie for the guest')
  return cookie.split(';')[0]
}

async function createInvite(s: Setup): Promise<string> {
  const res = await fetch(`${s.base}/api/boards/${s.boardId}/invites`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie }, body: JSON.stringify({ role: 'participant' }) })
  return ((await res.json()) as { token: string }).token
}

describe('connection limits', () => {
  it('lets 300 guests behind one address into one workshop with the default limits', async () => {
    const s = await setup()
    const invite = await createInvite(s)
    const cookies: string[] = []
    for (let i = 0; i < 300; i++) cookies.push(await joinAsGuest(s, invite, `Guest ${i + 1}`))
    const sockets = cookies.map((cookie) => openSocket(s, { cookie }))
    await Promise.all(sockets.map((socket) => socket.synced))
    expect(sockets.filter((socket) => socket.ws.readyState === WebSocket.OPEN)).toHaveLength(300)
  }, 120_000)

  it('refuses an account its 11th connection with 4420, and lets it in again after one closes', async () => {
    const s = await setup()
    const own = Array.from({ length: 10 }, () => openSocket(s, { cookie: s.cookie }))
    await Promise.all(own.map((socket) => socket.synced))
    expect(await openSocket(s, { cookie: s.cookie }).closed).toBe(CloseReason.TOO_MANY_CONNECTIONS)
    own[0].ws.close()
    await own[0].closed
    await openSocket(s, { cookie: s.cookie }).synced
  })

  it('counts one sync token apart from another name on the same board', async () => {
    const s = await setup({ MAX_CONNECTIONS_PER_USER: '2' })
    const ada = makeSyncToken(s.dataDir, s.boardId, 'participant', 'Ada')
    await Promise.all([openSocket(s, { token: ada }).synced, openSocket(s, { token: ada }).synced])
    expect(await openSocket(s, { token: ada }).closed).toBe(CloseReason.TOO_MANY_CONNECTIONS)
    await openSocket(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', 'Bo') }).synced
  })

  it('caps a board with 4420 while other boards still take connections', async () => {
    const s = await setup({ MAX_CONNECTIONS_PER_BOARD: '3' })
    const names = ['A', 'B', 'C']
    await Promise.all(names.map((name) => openSocket(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', name) }).synced))
    expect(await openSocket(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', 'D') }).closed).toBe(CloseReason.TOO_MANY_CONNECTIONS)
    const other = await createBoardViaApi(s.base, 'Another workshop', undefined, s.cookie)
    await openSocket(s, { token: makeSyncToken(s.dataDir, other.id, 'participant', 'D') }, other.id).synced
  })

  it('keeps a backstop per address with 4420', async () => {
    const s = await setup({ MAX_CONNECTIONS_PER_IP: '3' })
    await Promise.all(['A', 'B', 'C'].map((name) => openSocket(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', name) }).synced))
    expect(await openSocket(s, { token: makeSyncToken(s.dataDir, s.boardId, 'participant', 'D') }).closed).toBe(CloseReason.TOO_MANY_CONNECTIONS)
  })
})
