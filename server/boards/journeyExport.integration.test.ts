import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import { buildTestNote } from '../../testing/buildTestNote'
import type { JourneyMap } from '../../lib/journey/journeySchema'
import { layoutGrid } from '../../lib/templates/gridLayout'
import { getTemplate } from '../../lib/templates/journeyTemplates'
import type { BoardRecord } from '../../lib/tldraw/records'
import type { AppServer } from '../createAppServer'
import { connectClient, createBoardViaApi, makeDataDir, makeSyncToken, signUpAndSignIn, startInProcessServer, waitFor } from '../testing/testServer'

const REPO_ROOT = path.resolve(__dirname, '../..')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A page point in the middle of a template cell. */
function cellCentre(templateId: string, stageId: string, laneId: string) {
  const t = getTemplate(templateId)!
  const layout = layoutGrid(t.stages, t.lanes)
  const s = layout.stages.find((x) => x.id === stageId)!
  const l = layout.lanes.find((x) => x.id === laneId)!
  return { x: s.x + s.w / 2, y: l.y + l.h / 2 }
}

async function setup(): Promise<{ server: AppServer; dataDir: string; base: string; cookie: string; get: (path: string) => Promise<Response> }> {
  const dataDir = makeDataDir()
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, 'lead@example.com', 'Lee Lead')
  return { server, dataDir, base, cookie, get: (path) => fetch(base + path, { headers: { cookie } }) }
}

describe('journey export and import', () => {
  it('exports notes written through a stock client in the right cells, by route and by CLI', async () => {
    const { server, dataDir, base, cookie, get } = await setup()
    const board = await createBoardViaApi(base, 'Course journey', undefined, cookie)
    // One writer each: the server stamps a note's author from its writer's identity.
    const ann = connectClient(server.port, board.id, { token: makeSyncToken(dataDir, board.id, 'participant', 'Ann') })
    const bo = connectClient(server.port, board.id, { token: makeSyncToken(dataDir, board.id, 'participant', 'Bo') })
    cleanups.push(ann.destroy, bo.destroy)
    await waitFor(() => ann.provider.synced && bo.provider.synced)
    const purchasePain = cellCentre('buyer-journey', 'purchase', 'pain-points')
    const useEmotion = cellCentre('buyer-journey', 'use', 'emotions')
    new YKeyValue<BoardRecord>(ann.doc.getArray(RECORDS_ARRAY)).set('shape:pain', buildTestNote({ id: 'shape:pain', text: 'Checkout = too many steps', x: purchasePain.x - 100, y: purchasePain.y - 100 }))
    new YKeyValue<BoardRecord>(bo.doc.getArray(RECORDS_ARRAY)).set('shape:mood', buildTestNote({ id: 'shape:mood', text: '🙁 lessons feel slow', x: useEmotion.x - 100, y: useEmotion.y - 100 }))

    // The route reads the persisted document; poll until the edit has been stored.
    let journey: JourneyMap | undefined
    await waitFor(async () => {
      const res = await get(`/api/boards/${board.id}/journey?format=json`)
      journey = (await res.json()) as JourneyMap
      return journey.cells.reduce((n, c) => n + c.notes.length, 0) >= 2
    })
    const cell = (stageId: string, laneId: string) => journey!.cells.find((c) => c.stageId === stageId && c.laneId === laneId)!
    expect(cell('purchase', 'pain-points').notes.map((n) => [n.text, n.author])).toEqual([['Checkout = too many steps', 'Ann']])
    expect(journey!.emotionCurve.find((p) => p.stageId === 'use')).toEqual({ stageId: 'use', score: -1, count: 1 })

    const csv = await get(`/api/boards/${board.id}/journey?format=csv`)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="course-journey-journey.csv"')
    const csvText = await csv.text()
    expect(csvText).toContain('Purchase,4,Pain points & barriers,Checkout = too many steps,Ann,0,')

    const md = await get(`/api/boards/${board.id}/journey?format=md`)
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(await md.text()).toMatch(/\| \*\*Pain points & barriers\*\* \|.*Checkout = too many steps/)

    const bad = await get(`/api/boards/${board.id}/journey?format=xls`)
    expect(bad.status).toBe(400)

    // The CLI reads the same data directory while the server runs.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/board.ts', 'export', board.id, '--format', 'json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    })
    expect(cli.status, cli.stderr).toBe(0)
    const fromCli = JSON.parse(cli.stdout) as JourneyMap
    expect(fromCli.cells).toEqual(journey!.cells)
  })

  it('imports a journey as a new board whose export matches, and refuses a broken file with the reasons', async () => {
    const { base, cookie, get } = await setup()
    const source = await createBoardViaApi(base, 'Original', 'phases', cookie)
    const exported = (await (await get(`/api/boards/${source.id}/journey`)).json()) as JourneyMap
    exported.cells[0].notes.push({ id: 'shape:imported-1', kind: 'note', text: 'Sees a banner', author: 'Cy', color: 'blue', votes: 2, updatedAt: null, emotionScore: null })

    const post = (body: string) => fetch(`${base}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body })
    const created = await post(JSON.stringify(exported))
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const roundTrip = (await (await get(`/api/boards/${id}/journey`)).json()) as JourneyMap
    expect(roundTrip.stages.map((s) => s.name)).toEqual(exported.stages.map((s) => s.name))
    expect(roundTrip.cells[0].notes).toMatchObject([{ text: 'Sees a banner', author: 'Cy', votes: 2, color: 'blue' }])

    const boardsBefore = ((await (await get('/api/boards')).json()) as { boards: unknown[] }).boards.length
    const broken = { ...exported, stages: [{ ...exported.stages[0], name: 42 }] }
    const refused = await post(JSON.stringify(broken))
    expect(refused.status).toBe(400)
    const body = (await refused.json()) as { error: string; issues: { path: string; message: string }[] }
    expect(body.issues).toContainEqual(expect.objectContaining({ path: 'stages[0].name' }))
    const notJson = await post('{"title": ')
    expect(notJson.status).toBe(400)
    const boardsAfter = ((await (await get('/api/boards')).json()) as { boards: unknown[] }).boards.length
    expect(boardsAfter).toBe(boardsBefore)
  })
})
