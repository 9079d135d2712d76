import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config'
import { createAppServer } from '../createAppServer'
import { openFailingStorage } from '../testing/openFailingStorage'
import { createBoardViaApi, makeDataDir, signUpAndSignIn } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

describe('API writes while the database cannot be written', () => {
  it('answer 503 with a reason and Retry-After, change nothing, and work again afterwards', async () => {
    const dataDir = makeDataDir()
    const { storage, fault } = await openFailingStorage(dataDir, ['createBoard', 'renameBoard', 'createInvite', 'createVersion'])
    const server = await createAppServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }), storage)
    cleanups.push(() => server.close())
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signUpAndSignIn(base, 'lead@example.com')
    const board = await createBoardViaApi(base, 'Before the outage', undefined, cookie)

    fault.failing = true
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })
    for (const res of [
      await post('/api/boards', { title: 'During the outage' }),
      await post(`/api/boards/${board.id}/invites`, { role: 'participant' }),
      await post(`/api/boards/${board.id}/versions`, { label: 'Agreed' }),
    ]) {
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('10')
      expect(((await res.json()) as { reason: string }).reason).toMatch(/cannot use its database/)
    }
    const listed = (await (await fetch(`${base}/api/boards`, { headers: { cookie } })).json()) as { boards: { title: string }[] }
    expect(listed.boards.map((b) => b.title)).toEqual(['Before the outage'])

    fault.failing = false
    expect((await post('/api/boards', { title: 'After the outage' })).status).toBe(201)
    expect((await post(`/api/boards/${board.id}/versions`, { label: 'Agreed' })).status).toBe(201)
  })
})
