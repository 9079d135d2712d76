import { afterEach, describe, expect, it } from 'vitest'
import type { AppServer } from '../createAppServer'
import { createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function setup() {
  const server: AppServer = await startInProcessServer(makeDataDir())
  cleanups.push(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const owner = await signUpAndSignIn(base, 'fay@example.com', 'Fay Facilitator')
  const board = await createBoardViaApi(base, 'Access', undefined, owner)
  const call = (path: string, cookie?: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, redirect: 'manual', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } })
  const invite = async (role: string, expiresInHours?: number) =>
    (await (await call(`/api/boards/${board.id}/invites`, owner, { method: 'POST', body: JSON.stringify({ role, expiresInHours }) })).json()) as { token: string; url: string }
  return { base, owner, board, call, invite }
}

describe('API access control', () => {
  it.each([
    ['GET', '/api/boards'],
    ['POST', '/api/boards'],
    ['GET', '/api/boards/BOARD'],
    ['GET', '/api/boards/BOARD/journey'],
    ['GET', '/api/boards/BOARD/members'],
    ['POST', '/api/boards/BOARD/invites'],
    ['POST', '/api/boards/import'],
  ])('%s %s answers 401 without a session', async (method, path) => {
    const { board, call } = await setup()
    const res = await call(path.replace('BOARD', board.id), undefined, { method, body: method === 'POST' ? '{}' : undefined })
    expect(res.status).toBe(401)
  })

  it('answers 403 to a signed-in stranger and to a role without the capability', async () => {
    const { base, board, call, invite } = await setup()
    const stranger = await signUpAndSignIn(base, 'sam@example.com')
    expect((await call(`/api/boards/${board.id}`, stranger)).status).toBe(403)
    expect((await call(`/api/boards/${board.id}/journey`, stranger)).status).toBe(403)

    const { token } = await invite('participant')
    expect((await call(`/api/invites/${token}/accept`, stranger, { method: 'POST', body: '{}' })).status).toBe(200)
    expect(await (await call(`/api/boards/${board.id}`, stranger)).json()).toMatchObject({ role: 'participant' })
    // Participants edit but do not export or manage.
    expect((await call(`/api/boards/${board.id}/journey`, stranger)).status).toBe(403)
    expect((await call(`/api/boards/${board.id}/invites`, stranger, { method: 'POST', body: JSON.stringify({ role: 'facilitator' }) })).status).toBe(403)
    expect((await call(`/api/boards/${board.id}`, stranger, { method: 'PATCH', body: JSON.stringify({ title: 'Hijacked' }) })).status).toBe(403)
  })

  it('lets a guest join by name through an invite, with a session of their own', async () => {
    const { board, call, invite } = await setup()
    const { token } = await invite('viewer', 1)
    expect(await (await call(`/api/invites/${token}`)).json()).toMatchObject({ boardTitle: 'Access', role: 'viewer' })
    expect((await call(`/api/invites/${token}/accept`, undefined, { method: 'POST', body: '{}' })).status).toBe(400)
    const joined = await call(`/api/invites/${token}/accept`, undefined, { method: 'POST', body: JSON.stringify({ name: 'Gus Guest' }) })
    expect(joined.status).toBe(200)
    const guestCookie = joined.headers.getSetCookie()[0].split(';')[0]
    expect(await (await call(`/api/boards/${board.id}`, guestCookie)).json()).toMatchObject({ role: 'viewer', me: { name: 'Gus Guest', guest: true } })
    expect((await call('/api/boards', guestCookie, { method: 'POST', body: JSON.stringify({ title: 'Mine' }) })).status).toBe(403)
  })

  it('refuses revoked and expired invites with 410', async () => {
    const { board, owner, call, invite } = await setup()
    const revoked = await invite('participant')
    expect((await call(`/api/boards/${board.id}/invites/${revoked.token}`, owner, { method: 'DELETE' })).status).toBe(204)
    expect((await call(`/api/invites/${revoked.token}/accept`, undefined, { method: 'POST', body: JSON.stringify({ name: 'Late' }) })).status).toBe(410)
    const expired = await invite('participant', 0.000001)
    await new Promise((r) => setTimeout(r, 20))
    expect((await call(`/api/invites/${expired.token}`)).status).toBe(410)
  })

  it('sends signed-out visitors of a board page to sign-in', async () => {
    const { board, call } = await setup()
    const res = await call(`/b/${board.id}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/signin?callbackUrl=${encodeURIComponent(`/b/${board.id}`)}`)
  })

  it('validates sign-up input and refuses a wrong password', async () => {
    const { base, call } = await setup()
    const bad = await call('/api/signup', undefined, { method: 'POST', body: JSON.stringify({ email: 'not-an-email', name: '', password: 'short' }) })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path[0]).sort()).toEqual(['email', 'name', 'password'])
    await expect(signUpAndSignIn(base, 'fay@example.com', 'Fay', 'wrong password!!')).rejects.toThrow(/sign-in failed/)
  })
})
