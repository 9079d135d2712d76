import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import { getTemplate } from '../../lib/templates/journeyTemplates'
import { getGridMeta } from '../../lib/templates/gridMeta'
import type { BoardRecord } from '../../lib/tldraw/records'
import {
  connectClient,
  createBoardViaApi,
  makeDataDir,
  makeSyncToken,
  signUpAndSignIn,
  startChildServer,
  startInProcessServer,
  waitFor,
  type ChildServer,
} from '../testing/testServer'
import type { AppServer } from '../createAppServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function records(doc: Y.Doc) {
  return new YKeyValue<BoardRecord>(doc.getArray(RECORDS_ARRAY))
}

function note(id: string, text: string, x = 400, y = 300): BoardRecord {
  return buildTestNote({ id, text, x, y, index: 'c1' })
}

let dataDir = ''
async function inProcess(): Promise<AppServer> {
  dataDir = makeDataDir()
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  return server
}

/** A stock client with a participant sync token for the board. */
function client(port: number, boardId: string) {
  const c = connectClient(port, boardId, { token: makeSyncToken(dataDir, boardId) })
  cleanups.push(c.destroy)
  return c
}

async function newBoard(base: string, title: string, template?: string) {
  return createBoardViaApi(base, title, template, await signUpAndSignIn(base, `${title.replace(/\W+/g, '')}@example.com`))
}

describe('sync server with stock y-websocket clients', () => {
  it('serves the seeded template and carries an edit from one client to another', async () => {
    const server = await inProcess()
    const base = `http://127.0.0.1:${server.port}`
    const board = await newBoard(base, 'Onboarding journey')
    const a = client(server.port, board.id)
    const b = client(server.port, board.id)
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, 'both synced')
    const stages = [...records(a.doc).map.values()].filter((e) => getGridMeta((e.val as { meta?: unknown }).meta)?.jbRole === 'stage')
    expect(stages.map((s) => (s.val.props as { richText: unknown }).richText)).toHaveLength(getTemplate('buyer-journey')!.stages.length)

    records(a.doc).set('shape:n1', note('shape:n1', 'Too many steps to pay'))
    await waitFor(() => records(b.doc).has('shape:n1'), 5_000, 'note to reach client b')
    expect(records(b.doc).get('shape:n1')).toMatchObject({ type: 'note' })
  })

  it('refuses an unknown board with close code 4404 and the client stops retrying', async () => {
    const server = await inProcess()
    const c = client(server.port, 'no-such-board-123')
    const closed = await new Promise<{ code: number }>((resolve) => c.provider.on('closed', (e) => resolve(e)))
    expect(closed.code).toBe(4404)
    expect(c.provider.shouldConnect).toBe(false)
  })

  it('seeds the template exactly once when two clients open a brand-new board at the same instant', async () => {
    const server = await inProcess()
    const board = await newBoard(`http://127.0.0.1:${server.port}`, 'Race', 'five-stage')
    const [a, b] = [client(server.port, board.id), client(server.port, board.id)]
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, 'both synced')
    const template = getTemplate('five-stage')!
    for (const c of [a, b]) {
      const roles = [...records(c.doc).map.values()].map((e) => getGridMeta((e.val as { meta?: unknown }).meta)?.jbRole)
      expect(roles.filter((r) => r === 'stage')).toHaveLength(template.stages.length)
      expect(roles.filter((r) => r === 'lane')).toHaveLength(template.lanes.length)
      expect(roles.filter((r) => r === 'cell')).toHaveLength(template.stages.length * template.lanes.length)
    }
  })
})

describe('persistence across restarts', () => {
  let child: ChildServer | undefined
  afterEach(async () => {
    await child?.stop('SIGKILL')
    child = undefined
  })

  it('keeps the board after a graceful restart (SIGTERM flushes) and after kill -9 right after a broadcast', async () => {
    dataDir = makeDataDir()
    child = await startChildServer(dataDir)
    const board = await newBoard(child.baseUrl, 'Durable')
    const a = client(child.port, board.id)
    const b = client(child.port, board.id)
    await waitFor(() => a.provider.synced && b.provider.synced)
    records(a.doc).set('shape:before-restart', note('shape:before-restart', 'survives SIGTERM'))
    await waitFor(() => records(b.doc).has('shape:before-restart'))
    expect(await child.stop('SIGTERM')).toBe(0)

    child = await startChildServer(dataDir)
    const c = client(child.port, board.id)
    await waitFor(() => c.provider.synced)
    expect(records(c.doc).has('shape:before-restart')).toBe(true)

    const d = client(child.port, board.id)
    await waitFor(() => d.provider.synced)
    records(c.doc).set('shape:before-kill', note('shape:before-kill', 'survives kill -9'))
    // The moment another client has seen the edit, it must already be on disk.
    await waitFor(() => records(d.doc).has('shape:before-kill'), 5_000, 'broadcast')
    await child.stop('SIGKILL')

    child = await startChildServer(dataDir)
    const e = client(child.port, board.id)
    await waitFor(() => e.provider.synced)
    expect(records(e.doc).get('shape:before-kill')).toMatchObject({ type: 'note' })
    expect(records(e.doc).has('shape:before-restart')).toBe(true)
  })
})
