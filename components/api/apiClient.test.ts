import { afterEach, describe, expect, it, vi } from 'vitest'
import fixture from '../../lib/journey/fixtures/workshop-board.json'
import { buildJourney } from '../../lib/journey/buildJourney'
import { JourneyMapSchema } from '../../lib/journey/journeySchema'
import type { BoardRecord } from '../../lib/tldraw/records'
import { createBoard, deleteBoard, getJourneyExportUrl, readApiAnswer, restoreVersion } from './apiClient'
import { BoardSchema } from '../../lib/api/boardApi'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const board = { id: 'board-1', title: 'Board', template: 'buyer-journey', createdAt: 1, ownerId: 'u1', archivedAt: null, url: 'http://x/b/board-1' }

describe('readApiAnswer', () => {
  it.each([
    ['a 2xx the schema accepts', json(201, board), { ok: true, status: 201, data: board }],
    ['a 204 with no schema', new Response(null, { status: 204 }), { ok: true, status: 204, data: undefined }],
    ['a refusal with zod issues', json(400, { error: 'Invalid board', issues: [{ path: ['title'], message: 'A board needs a title', code: 'too_small' }] }), { ok: false, status: 400, error: 'Invalid board', issues: [{ path: ['title'], message: 'A board needs a title' }] }],
    ['an outage', json(503, { error: 'Storage unavailable', reason: 'Try again in a moment.' }), { ok: false, status: 503, error: 'Storage unavailable', reason: 'Try again in a moment.' }],
    ['a refusal whose body is not JSON', new Response('Bad gateway', { status: 502 }), { ok: false, status: 502 }],
    ['a refusal with one field of another shape', json(403, { error: 'No access', reason: 7 }), { ok: false, status: 403, error: 'No access' }],
  ])('reads %s', async (_name, res, expected) => {
    expect(await readApiAnswer(res, res.status === 204 ? null : BoardSchema)).toEqual(expected)
  })

  it('refuses a 2xx its schema does not accept, with a sentence for the page', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const answer = await readApiAnswer(json(200, { id: 'board-1' }), BoardSchema)
    expect(answer).toMatchObject({ ok: false, status: 200 })
    expect(answer.ok ? undefined : answer.error).toMatch(/cannot read/)
  })
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the API client', () => {

  it('sends JSON bodies with their type, and bodiless writes with none (the server refuses a body without it: 415)', async () => {
    const fetch = vi.fn(async (_path: string, init?: RequestInit) => (init?.method === 'DELETE' ? new Response(null, { status: 204 }) : json(201, board)))
    vi.stubGlobal('fetch', fetch)
    await createBoard({ title: 'Board', template: 'buyer-journey' })
    await deleteBoard('board-1')
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await restoreVersion('board-1', 'v1')
    expect(fetch.mock.calls).toEqual([
      ['/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Board","template":"buyer-journey"}' }],
      ['/api/boards/board-1', { method: 'DELETE', headers: undefined, body: undefined }],
      ['/api/boards/board-1/versions/v1/restore', { method: 'POST', headers: undefined, body: undefined }],
    ])
  })

  it.each([
    ['live', 'csv', '/api/boards/board-1/journey?format=csv'],
    ['agreed', 'json', '/api/boards/board-1/journey?format=json&version=agreed'],
    ['a b', 'md', '/api/boards/board-1/journey?format=md&version=a%20b'],
  ] as const)('links the %s export as %s', (version, format, url) => {
    expect(getJourneyExportUrl('board-1', format, version)).toBe(url)
  })

  it('reads back a journey export (JSON) with the schema it validates a version preview with', () => {
    const journey = buildJourney(fixture.records as unknown as BoardRecord[], { boardId: fixture.boardId, exportedAt: '2026-11-23T00:00:00.000Z' })
    const parsed = JourneyMapSchema.safeParse(JSON.parse(JSON.stringify(journey, null, 2)))
    expect(parsed.success && parsed.data).toEqual(journey)
  })
})
