import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { Role } from '../../lib/collab/roles'
import { applySessionChange, DEFAULT_LOCK, DEFAULT_PRIVATE_WRITING, type Phase, readSessionValue, SESSION_MAP, VOTES_MAP } from '../../lib/collab/session'
import { buildPhaseStart } from '../../lib/collab/sessionAgenda'
import { buildBoardLock, buildRegionLock, getLaneBands } from '../../lib/collab/sessionLocks'
import { buildTimerStart, buildTimerStop } from '../../lib/collab/sessionTimer'
import { buildVoteClose, buildVoteKey, buildVoteOpen, tallyVotes } from '../../lib/collab/sessionVotes'
import { buildTestNote } from '../../testing/buildTestNote'
import { getStageShapeId } from '../../lib/templates/buildTemplateRecords'
import type { BoardRecord } from '../../lib/tldraw/records'
import { startBoardServer, useCleanups } from '../testing/startBoardServer'
import { connectClient, signUpAndSignIn, waitFor } from '../testing/testServer'
import { createSyncToken } from '../auth/syncToken'

const onCleanup = useCleanups()

async function setup() {
  const { server, base, boardId: id } = await startBoardServer(onCleanup, { owner: { email: 'fac@example.com', name: 'Fac' } })
  /** A stock client acting as a member with this role and user id (the token carries both). */
  const join = async (role: Role, userId: string) => {
    await server.storage.catalog.setMember(id, userId, role, Date.now())
    const token = createSyncToken({ boardId: id, role, name: userId, expiresAt: Date.now() + 3_600_000, userId }, server.secret)
    const c = connectClient(server.port, id, { token })
    onCleanup(c.destroy)
    await waitFor(() => c.provider.synced)
    return { ...c, records: new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY)), session: c.doc.getMap(SESSION_MAP), votes: c.doc.getMap(VOTES_MAP) }
  }
  for (const uid of ['facilitator-1', 'p1', 'p2']) await server.storage.catalog.createUser({ id: uid, kind: 'guest', email: null, name: uid, passwordHash: null, createdAt: 0 })
  return { server, base, boardId: id, join }
}

describe('facilitation rules enforced by the server', () => {
  it('carries the timer from the facilitator to participants and reverts a participant who touches it', async () => {
    const { join } = await setup()
    const fac = await join('facilitator', 'facilitator-1')
    const p1 = await join('participant', 'p1')
    applySessionChange(fac.doc, buildTimerStart(Date.now(), 300_000))
    await waitFor(() => readSessionValue(p1.session, 'timer').state === 'running')
    applySessionChange(p1.doc, buildTimerStop())
    // The server undoes it, for the participant too.
    await waitFor(() => readSessionValue(p1.session, 'timer').state === 'running', 5_000, 'participant timer change reverted')
    expect(readSessionValue(fac.session, 'timer').state).toBe('running')
  })

  it("refuses a participant's edit to a locked stage header, and accepts the facilitator's", async () => {
    const { join } = await setup()
    const fac = await join('facilitator', 'facilitator-1')
    const p1 = await join('participant', 'p1')
    const headerId = getStageShapeId('purchase')
    const original = p1.records.get(headerId)! as BoardRecord & { x: number }
    p1.records.set(headerId, { ...original, x: original.x + 500, isLocked: false })
    await waitFor(() => p1.records.get(headerId)!.x === original.x, 5_000, 'header edit reverted')
    expect(fac.records.get(headerId)!.x).toBe(original.x)
    fac.records.set(headerId, { ...original, props: { ...(original.props as object), w: 600 } })
    await waitFor(() => (p1.records.get(headerId)!.props as { w: number }).w === 600)
  })

  it('locks the whole board and regions for participants only', async () => {
    const { join } = await setup()
    const fac = await join('facilitator', 'facilitator-1')
    const p1 = await join('participant', 'p1')
    p1.records.set('shape:before-lock', buildTestNote({ id: 'shape:before-lock', text: 'ok', x: 2000, y: 2000 }))
    await waitFor(() => fac.records.has('shape:before-lock'))
    applySessionChange(fac.doc, buildBoardLock(DEFAULT_LOCK, true))
    await waitFor(() => readSessionValue(p1.session, 'lock').board === true)
    p1.records.set('shape:during-lock', buildTestNote({ id: 'shape:during-lock', text: 'no', x: 2000, y: 2300 }))
    await waitFor(() => !p1.records.has('shape:during-lock'), 5_000, 'note refused while locked')
    applySessionChange(fac.doc, buildRegionLock(DEFAULT_LOCK, { x: 1900, y: 1900, w: 400, h: 400 }))
    await waitFor(() => readSessionValue(p1.session, 'lock').board === false)
    p1.records.set('shape:before-lock', buildTestNote({ id: 'shape:before-lock', text: 'moved', x: 5000, y: 5000 }))
    await waitFor(() => p1.records.get('shape:before-lock')!.x === 2000, 5_000, 'move out of a locked region refused')
    p1.records.set('shape:elsewhere', buildTestNote({ id: 'shape:elsewhere', text: 'fine', x: 9000, y: 9000 }))
    await waitFor(() => fac.records.has('shape:elsewhere'))
  })

  it('keeps every voter within the budget, even with two tabs clicking at once', async () => {
    const { join } = await setup()
    const fac = await join('facilitator', 'facilitator-1')
    const tabA = await join('participant', 'p1')
    const tabB = await join('participant', 'p1')
    const p2 = await join('participant', 'p2')
    for (let i = 0; i < 5; i++) fac.records.set(`shape:v${i}`, buildTestNote({ id: `shape:v${i}`, text: `idea ${i}`, x: 3000 + i * 250, y: 3000 }))
    const { vote } = buildVoteOpen({ id: 'vote-1', budget: 3, scope: { kind: 'board' }, hideUntilClosed: false })
    applySessionChange(fac.doc, { vote })
    await waitFor(() => [tabA, tabB, p2].every((c) => readSessionValue(c.session, 'vote')?.open === true && c.records.has('shape:v4')))

    // Both tabs of p1 place dots concurrently, each believing it has the whole budget, and try more slots.
    for (let slot = 0; slot < 5; slot++) {
      tabA.votes.set(buildVoteKey('vote-1', 'p1', slot), `shape:v${slot}`)
      tabB.votes.set(buildVoteKey('vote-1', 'p1', slot), `shape:v${4 - slot}`)
    }
    // p2 tries to vote in p1's name and for a stage header.
    p2.votes.set(buildVoteKey('vote-1', 'p1', 0), 'shape:v0')
    p2.votes.set(buildVoteKey('vote-1', 'p2', 0), getStageShapeId('use'))
    p2.votes.set(buildVoteKey('vote-1', 'p2', 1), 'shape:v2')

    const dotsOf = (c: typeof fac, user: string) => [...c.votes.keys()].filter((k) => k.split('|')[1] === user).length
    await waitFor(() => dotsOf(fac, 'p1') <= 3 && dotsOf(tabA, 'p1') === dotsOf(fac, 'p1') && dotsOf(tabB, 'p1') === dotsOf(fac, 'p1'), 5_000)
    await waitFor(() => dotsOf(fac, 'p2') === 1 && dotsOf(p2, 'p2') === 1, 5_000)
    expect(dotsOf(fac, 'p1')).toBe(3)
    expect(fac.votes.get(buildVoteKey('vote-1', 'p2', 1))).toBe('shape:v2')
    const tally = tallyVotes(fac.votes.entries(), 'vote-1')
    expect([...tally.values()].reduce((a, b) => a + b, 0)).toBe(4)

    // Closing it: the server writes the tallies into the notes (exports read them there).
    applySessionChange(fac.doc, buildVoteClose(vote))
    await waitFor(() => readSessionValue(p2.session, 'vote')?.open === false)
    const votesOn = (id: string) => (p2.records.get(id) as unknown as { meta: { votes?: number } }).meta.votes ?? 0
    await waitFor(() => [0, 1, 2, 3, 4].every((i) => votesOn(`shape:v${i}`) === (tally.get(`shape:v${i}`) ?? 0)), 5_000, 'tallies in the notes')
    // A closed vote takes no more dots.
    p2.votes.set(buildVoteKey('vote-1', 'p2', 2), 'shape:v3')
    await waitFor(() => !p2.votes.has(buildVoteKey('vote-1', 'p2', 2)), 5_000)
  })

  it('starts an agenda phase in one change that participants receive whole, and reverts a participant who starts one', async () => {
    const { join } = await setup()
    const fac = await join('facilitator', 'facilitator-1')
    const p1 = await join('participant', 'p1')
    const laneBands = getLaneBands([...fac.records.map.values()].map((e) => e.val))
    const band = (laneId: string) => laneBands.find((b) => b.laneId === laneId)!
    for (const [id, lane] of [['shape:in-pains', 'pain-points'], ['shape:in-touchpoints', 'touchpoints']] as const) {
      fac.records.set(id, buildTestNote({ id, text: lane, x: 600, y: band(lane).minY + 50 }))
    }
    await waitFor(() => p1.records.has('shape:in-touchpoints'))

    const writePains: Phase = { id: 'phase-pains', title: 'Write pains', minutes: 5, privateWriting: true, laneId: 'pain-points', voteBudget: null }
    const start = buildPhaseStart(writePains, { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null }, { now: Date.now(), voteId: 'vote-1', laneBands })
    const seen: string[][] = []
    p1.session.observe((e) => seen.push([...e.keysChanged].sort()))
    applySessionChange(fac.doc, start)
    await waitFor(() => p1.session.get('activePhaseId') === 'phase-pains', 5_000, 'phase start reaches the participant')
    // One change with every key: no one sees the timer running without the lock, say.
    expect(seen).toEqual([['activePhaseId', 'lock', 'privateWriting', 'timer', 'vote']])
    expect(Object.fromEntries(Object.keys(start).map((k) => [k, p1.session.get(k)]))).toEqual(JSON.parse(JSON.stringify(start)))

    // The lock holds for the participant: the other lanes refuse, the phase's lane takes the edit.
    const moved = (id: string) => ({ ...(p1.records.get(id) as ReturnType<typeof buildTestNote>), x: 900 })
    p1.records.set('shape:in-touchpoints', moved('shape:in-touchpoints'))
    p1.records.set('shape:in-pains', moved('shape:in-pains'))
    await waitFor(() => fac.records.get('shape:in-pains')!.x === 900, 5_000, 'edit in the open lane accepted')
    await waitFor(() => p1.records.get('shape:in-touchpoints')!.x === 600, 5_000, 'edit in a locked lane refused')
    expect(fac.records.get('shape:in-touchpoints')!.x).toBe(600)

    // A participant starting a phase of their own is undone as a whole, for them too.
    const ownPhase: Phase = { ...writePains, id: 'phase-mine', privateWriting: false, laneId: null, voteBudget: 9 }
    const theirs = buildPhaseStart(ownPhase, { privateWriting: DEFAULT_PRIVATE_WRITING, vote: null }, { now: Date.now(), voteId: 'vote-mine', laneBands })
    applySessionChange(p1.doc, theirs)
    await waitFor(() => p1.session.get('activePhaseId') === 'phase-pains', 5_000, 'participant phase start reverted')
    for (const c of [p1, fac]) expect(Object.fromEntries(Object.keys(start).map((k) => [k, c.session.get(k)]))).toEqual(JSON.parse(JSON.stringify(start)))
  })
})


describe('agreed versions', () => {
  it('marks a version agreed, exports it, and restores it as a new edit everyone sees live', async () => {
    const { server, base, boardId, join } = await setup()
    const cookie = await signUpAndSignIn(base, 'fac@example.com', 'Fac')
    const fac = await join('facilitator', 'facilitator-1')
    const p1 = await join('participant', 'p1')
    fac.records.set('shape:kept', buildTestNote({ id: 'shape:kept', text: 'agreed text', x: 4000, y: 4000 }))
    await waitFor(() => p1.records.has('shape:kept'))
    await waitFor(async () => (await server.storage.documents.loadDocument(boardId)).updates.length > 1)
    const call = (path: string, init: RequestInit = {}) => fetch(base + path, { ...init, headers: { 'content-type': 'application/json', cookie } })
    const created = await call(`/api/boards/${boardId}/versions`, { method: 'POST', body: JSON.stringify({ label: 'Agreed v1' }) })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    p1.records.set('shape:kept', buildTestNote({ id: 'shape:kept', text: 'changed later', x: 4000, y: 4000 }))
    p1.records.set('shape:new', buildTestNote({ id: 'shape:new', text: 'added later', x: 4300, y: 4000 }))
    await waitFor(() => fac.records.has('shape:new'))

    const agreed = (await (await call(`/api/boards/${boardId}/journey?version=agreed&format=md`)).text())
    expect(agreed).toContain('agreed text')
    expect(agreed).not.toContain('added later')

    expect((await call(`/api/boards/${boardId}/versions/${id}/restore`, { method: 'POST' })).status).toBe(200)
    await waitFor(() => !p1.records.has('shape:new') && JSON.stringify(p1.records.get('shape:kept')).includes('agreed text'), 5_000, 'restore reaches the participant')
    expect(JSON.stringify(fac.records.get('shape:kept'))).toContain('agreed text')
  })
})
