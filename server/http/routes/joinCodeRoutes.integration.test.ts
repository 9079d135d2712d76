import { describe, expect, it } from 'vitest'
import { FREE_ADDRESS_FAILURES } from '../../auth/LoginRateLimiter'
import { startBoardServer, useCleanups } from '../../testing/startBoardServer'

const onCleanup = useCleanups()

async function setup() {
  const { base, cookie: owner, boardId } = await startBoardServer(onCleanup, { owner: { email: 'fay@example.com', name: 'Fay Facilitator' }, title: 'Codes' })
  const call = (path: string, init: RequestInit = {}) => fetch(base + path, { ...init, headers: { 'content-type': 'application/json', cookie: owner, ...(init.headers as Record<string, string>) } })
  const invite = async (role: string) =>
    (await (await call(`/api/boards/${boardId}/invites`, { method: 'POST', body: JSON.stringify({ role }) })).json()) as { token: string; url: string; joinCode: string | null }
  return { base, boardId, call, invite }
}

describe('join codes', () => {
  it('an invite has a six-character code that leads to its link, typed in any case with a space, until it is revoked', async () => {
    const { base, boardId, call, invite } = await setup()
    const created = await invite('participant')
    expect(created.joinCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/)
    // Links keep their shape: URL-safe characters only.
    expect(created.url).toMatch(/\/join\/[A-Za-z0-9_-]+$/)
    const listed = (await (await call(`/api/boards/${boardId}/invites`)).json()) as { invites: { token: string; joinCode: string | null }[] }
    expect(listed.invites.find((i) => i.token === created.token)?.joinCode).toBe(created.joinCode)

    const typed = `${created.joinCode!.slice(0, 3).toLowerCase()} ${created.joinCode!.slice(3)}`
    const found = await fetch(`${base}/api/join-codes/${encodeURIComponent(typed)}`)
    expect(found.status).toBe(200)
    expect(await found.json()).toEqual({ token: created.token })

    expect((await call(`/api/boards/${boardId}/invites/${created.token}`, { method: 'DELETE' })).status).toBeLessThan(300)
    const revoked = await fetch(`${base}/api/join-codes/${created.joinCode}`)
    expect(revoked.status).toBe(404)
    expect(((await revoked.json()) as { error: string }).error).toMatch(/expired or was revoked/)
    expect((await fetch(`${base}/api/join-codes/ABC`)).status).toBe(400)
  })

  it('two invites get different codes; guessing from one address is slowed to a halt (429 with Retry-After)', async () => {
    const { base, invite } = await setup()
    const a = await invite('participant')
    const b = await invite('viewer')
    expect(a.joinCode).not.toBe(b.joinCode)
    const wrong = ['2222', '3333', '4444'].map((s) => s + 'ZZ').find((c) => c !== a.joinCode && c !== b.joinCode)!
    for (let i = 0; i < FREE_ADDRESS_FAILURES; i++) expect((await fetch(`${base}/api/join-codes/${wrong}`)).status).toBe(404)
    const blocked = await fetch(`${base}/api/join-codes/${a.joinCode}`)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
