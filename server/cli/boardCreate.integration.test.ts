import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../testing/runCli'
import { makeDataDir, signUpAndSignIn, startInProcessServer } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startServer(dataDir: string) {
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  return { server, base: `http://127.0.0.1:${server.port}` }
}

interface Created {
  id: string
  url: string
  owner?: string
  facilitatorInvite?: string
}

async function create(env: Record<string, string>, ...args: string[]): Promise<Created> {
  const result = await runCli(env, ['create', '--title', 'Made by the CLI', ...args])
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout.toString()) as Created
}

const boardInfo = (base: string, id: string, cookie: string) => fetch(`${base}/api/boards/${id}`, { headers: { cookie } })

describe('admin CLI: a created board has an owner, or a way to get one', () => {
  it('create --owner makes that account the owner and facilitator: the printed URL opens the board for them', async () => {
    const dataDir = makeDataDir()
    const { base } = await startServer(dataDir)
    const cookie = await signUpAndSignIn(base, 'fay@example.com', 'Fay Facilitator')
    const board = await create({ DATA_DIR: dataDir, PORT: '4567' }, '--owner', 'FAY@example.com')
    expect(board).toEqual({ id: board.id, url: `http://localhost:4567/b/${board.id}`, owner: 'fay@example.com' })

    const info = await boardInfo(base, board.id, cookie)
    expect(info.status).toBe(200)
    expect(await info.json()).toMatchObject({ id: board.id, title: 'Made by the CLI', role: 'facilitator' })
    const listed = (await (await fetch(`${base}/api/boards`, { headers: { cookie } })).json()) as { boards: { id: string; isOwner: boolean }[] }
    expect(listed.boards).toEqual([expect.objectContaining({ id: board.id, isOwner: true })])
  })

  it('create --owner with an unknown email says so and creates nothing', async () => {
    const dataDir = makeDataDir()
    const result = await runCli({ DATA_DIR: dataDir }, ['create', '--title', 'Nobody', '--owner', 'nobody@example.com'])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('No account with the email "nobody@example.com"')
    const list = await runCli({ DATA_DIR: dataDir }, ['list'])
    expect(list.stdout.toString()).toBe('')
  })

  it('without --owner, it prints a facilitator invite that opens the board for a signed-in person', async () => {
    const dataDir = makeDataDir()
    const board = await create({ DATA_DIR: dataDir, PORT: '4567' })
    expect(board.url).toBe(`http://localhost:4567/b/${board.id}`)
    expect(board.facilitatorInvite).toMatch(/^http:\/\/localhost:4567\/join\/[A-Za-z0-9_-]+$/)

    const { base } = await startServer(dataDir)
    const cookie = await signUpAndSignIn(base, 'fay@example.com', 'Fay Facilitator')
    // The board URL alone does not open it (nobody is a member yet)...
    expect((await boardInfo(base, board.id, cookie)).status).toBe(403)
    // ...the invite does, as facilitator.
    const token = board.facilitatorInvite!.split('/join/')[1]
    const accepted = await fetch(`${base}/api/invites/${token}/accept`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' })
    expect(accepted.status).toBe(200)
    const info = await boardInfo(base, board.id, cookie)
    expect(info.status).toBe(200)
    expect(await info.json()).toMatchObject({ id: board.id, role: 'facilitator' })
  })

  it('prints URLs at PUBLIC_URL when it is set', async () => {
    const board = await create({ DATA_DIR: makeDataDir(), PUBLIC_URL: 'https://journeys.example.com/', NEXTAUTH_SECRET: 'x'.repeat(40) })
    expect(board.url).toBe(`https://journeys.example.com/b/${board.id}`)
    expect(board.facilitatorInvite).toMatch(/^https:\/\/journeys\.example\.com\/join\//)
  })
})
