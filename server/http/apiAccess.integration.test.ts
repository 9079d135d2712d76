import { describe, expect, it } from 'vitest'
import { startBoardServer, useCleanups } from '../testing/startBoardServer'
import { signUpAndSignIn } from '../testing/testServer'

const onCleanup = useCleanups()

async function setup() {
  const { base, cookie: owner, boardId } = await startBoardServer(onCleanup, { owner: { email: 'fay@example.com', name: 'Fay Facilitator' }, title: 'Access' })
  const call = (path: string, cookie?: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, redirect: 'manual', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } })
  const invite = async (role: string, expiresInHours?: number) =>
    (await (await call(`/api/boards/${boardId}/invites`, owner, { method: 'POST', body: JSON.stringify({ role, expiresInHours }) })).json()) as { token: string; url: string }
  return { base, owner, boardId, call, invite }
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
    const { boardId, call } = await setup()
    const res = await call(path.replace('BOARD', boardId), undefined, { method, body: method === 'POST' ? '{}' : undefined })
    expect(res.status).toBe(401)
  })

  it('answers 403 to a signed-in stranger and to a role without the capability', async () => {
    const { base, boardId, call, invite } = await setup()
    const stranger = await signUpAndSignIn(base, 'sam@example.com')
    expect((await call(`/api/boards/${boardId}`, stranger)).status).toBe(403)
    expect((await call(`/api/boards/${boardId}/journey`, stranger)).status).toBe(403)

    const { token } = await invite('participant')
    expect((await call(`/api/invites/${token}/accept`, stranger, { method: 'POST', body: '{}' })).status).toBe(200)
    expect(await (await call(`/api/boards/${boardId}`, stranger)).json()).toMatchObject({ role: 'participant' })
    // Participants edit but do not export or manage.
    expect((await call(`/api/boards/${boardId}/journey`, stranger)).status).toBe(403)
    expect((await call(`/api/boards/${boardId}/invites`, stranger, { method: 'POST', body: JSON.stringify({ role: 'facilitator' }) })).status).toBe(403)
    expect((await call(`/api/boards/${boardId}`, stranger, { method: 'PATCH', body: JSON.stringify({ title: 'Hijacked' }) })).status).toBe(403)
  })

  it('lets a guest join by name through an invite, with a session of their own', async () => {
    const { boardId, call, invite } = await setup()
    const { token } = await invite('viewer', 1)
    expect(await (await call(`/api/invites/${token}`)).json()).toMatchObject({ boardTitle: 'Access', role: 'viewer' })
    expect((await call(`/api/invites/${token}/accept`, undefined, { method: 'POST', body: '{}' })).status).toBe(400)
    const joined = await call(`/api/invites/${token}/accept`, undefined, { method: 'POST', body: JSON.stringify({ name: 'Gus Guest' }) })
    expect(joined.status).toBe(200)
    const guestCookie = joined.headers.getSetCookie()[0].split(';')[0]
    expect(await (await call(`/api/boards/${boardId}`, guestCookie)).json()).toMatchObject({ role: 'viewer', me: { name: 'Gus Guest', guest: true } })
    expect((await call('/api/boards', guestCookie, { method: 'POST', body: JSON.stringify({ title: 'Mine' }) })).status).toBe(403)
  })

  it('refuses revoked and expired invites with 410', async () => {
    const { boardId, owner, call, invite } = await setup()
    const revoked = await invite('participant')
    expect((await call(`/api/boards/${boardId}/invites/${revoked.token}`, owner, { method: 'DELETE' })).status).toBe(204)
    expect((await call(`/api/invites/${revoked.token}/accept`, undefined, { method: 'POST', body: JSON.stringify({ name: 'Late' }) })).status).toBe(410)
    const expired = await invite('participant', 0.000001)
    await new Promise((r) => setTimeout(r, 20))
    expect((await call(`/api/invites/${expired.token}`)).status).toBe(410)
  })

  it('sends signed-out visitors of a board page to sign-in', async () => {
    const { boardId, call } = await setup()
    const res = await call(`/b/${boardId}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/signin?callbackUrl=${encodeURIComponent(`/b/${boardId}`)}`)
  })

  it('validates sign-up input and refuses a wrong password', async () => {
    const { base, call } = await setup()
    const bad = await call('/api/signup', undefined, { method: 'POST', body: JSON.stringify({ email: 'not-an-email', name: '', password: 'short' }) })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path[0]).sort()).toEqual(['email', 'name', 'password'])
    await expect(signUpAndSignIn(base, 'fay@example.com', 'Fay', 'wrong password!!')).rejects.toThrow(/sign-in failed/)
  })
})
