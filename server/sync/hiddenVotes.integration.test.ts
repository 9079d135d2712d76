import { afterEach, describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { Role } from '../../lib/collab/roles'
import { buildVoteKey, SESSION_MAP, VOTE_SEAL_KEY, VOTES_MAP, type VoteState } from '../../lib/collab/sessionState'
import { isSealedVote, sealVote, type VoteSealKey } from '../../lib/collab/voteSeal'
import { buildTestNote } from '../../lib/journey/buildTestNote'
import { getStageShapeId } from '../../lib/templates/buildTemplateRecords'
import type { BoardRecord } from '../../lib/tldraw/records'
import { createSyncToken } from '../auth/syncToken'
import type { AppServer } from '../createAppServer'
import { connectClient, createBoardViaApi, makeDataDir, signUpAndSignIn, startInProcessServer, waitFor } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const NOTES = ['shape:h0', 'shape:h1', 'shape:h2', 'shape:h3']

/** A stock client acting as a member with this role and user id, on a running server. */
async function join(server: AppServer, boardId: string, role: Role, userId: string) {
  await server.storage.setMember(boardId, userId, role, Date.now())
  const token = createSyncToken({ boardId, role, name: userId, expiresAt: Date.now() + 3_600_000, userId }, server.secret)
  const c = connectClient(server.port, boardId, { token })
  cleanups.push(c.destroy)
  await waitFor(() => c.provider.synced)
  const session = c.doc.getMap(SESSION_MAP)
  const votes = c.doc.getMap<unknown>(VOTES_MAP)
  /** Places a dot the way the board page does for a hidden vote: sealed with the published key. */
  const sealedDot = async (voteId: string, slot: number, noteId: string) => {
    const key = buildVoteKey(voteId, userId, slot)
    votes.set(key, await sealVote(globalThis.crypto, (session.get(VOTE_SEAL_KEY) as VoteSealKey).publicKey, key, noteId))
  }
  return { ...c, records: new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY)), session, votes, sealedDot }
}
type Client = Awaited<ReturnType<typeof join>>

async function start(dataDir: string) {
  const server = await startInProcessServer(dataDir)
  let closed = false
  const close = async () => {
    if (!closed) await server.close()
    closed = true
  }
  cleanups.push(close)
  return { server, close }
}

const dotsOf = (c: Client, user: string) => [...c.votes.entries()].filter(([k]) => k.split('|')[1] === user)

describe('hidden dot votes', () => {
  it('are sealed for the server until the vote closes, stay within budget, and open with tallies on close, after a restart too', async () => {
    const dataDir = makeDataDir()
    const first = await start(dataDir)
    const base = `http://127.0.0.1:${first.server.port}`
    const cookie = await signUpAndSignIn(base, 'fac@example.com', 'Fac')
    const { id: boardId } = await createBoardViaApi(base, 'Hidden votes', undefined, cookie)
    for (const uid of ['facilitator-1', 'p1', 'p2']) await first.server.storage.createUser({ id: uid, kind: 'guest', email: null, name: uid, passwordHash: null, createdAt: 0 })
    const fac = await join(first.server, boardId, 'facilitator', 'facilitator-1')
    const tabA = await join(first.server, boardId, 'participant', 'p1')
    const tabB = await join(first.server, boardId, 'participant', 'p1')
    const p2 = await join(first.server, boardId, 'participant', 'p2')
    NOTES.forEach((id, i) => fac.records.set(id, buildTestNote({ id, text: `idea ${i}`, x: 3000 + i * 250, y: 3000 })))
    const vote: VoteState = { id: 'vote-h', open: true, budget: 2, scope: { kind: 'board' }, hideUntilClosed: true }
    fac.session.set('vote', vote)
    // The server publishes the vote's key with it; a facilitator cannot replace it with a key of their own.
    await waitFor(() => [tabA, tabB, p2].every((c) => (c.session.get(VOTE_SEAL_KEY) as VoteSealKey | undefined)?.voteId === 'vote-h' && c.records.has('shape:h3')))
    const published = tabA.session.get(VOTE_SEAL_KEY)
    fac.session.set(VOTE_SEAL_KEY, { voteId: 'vote-h', publicKey: 'A'.repeat(43) })
    await waitFor(() => JSON.stringify(fac.session.get(VOTE_SEAL_KEY)) === JSON.stringify(published), 5_000, 'seal key restored')

    // Two tabs of p1 seal dots at once, more than the budget; p2 places one.
    await Promise.all([0, 1, 2, 3].flatMap((slot) => [tabA.sealedDot('vote-h', slot, NOTES[slot]), tabB.sealedDot('vote-h', slot, NOTES[3 - slot])]))
    await p2.sealedDot('vote-h', 0, 'shape:h2')
    await waitFor(() => dotsOf(fac, 'p1').length === 2 && dotsOf(tabA, 'p1').length === 2 && dotsOf(tabB, 'p1').length === 2 && dotsOf(fac, 'p2').length === 1, 5_000, 'budget held')

    // Refused: a plain (readable) dot, p1's sealed value copied into p2's slot, a sealed stage header.
    p2.votes.set(buildVoteKey('vote-h', 'p2', 1), 'shape:h0')
    await waitFor(() => !p2.votes.has(buildVoteKey('vote-h', 'p2', 1)), 5_000, 'plain dot refused')
    p2.votes.set(buildVoteKey('vote-h', 'p2', 1), tabA.votes.get(buildVoteKey('vote-h', 'p1', 0)))
    await waitFor(() => !p2.votes.has(buildVoteKey('vote-h', 'p2', 1)), 5_000, 'copied dot refused')
    await p2.sealedDot('vote-h', 1, getStageShapeId('use'))
    await waitFor(() => !p2.votes.has(buildVoteKey('vote-h', 'p2', 1)), 5_000, 'dot on a header refused')

    // Nobody but the server can tell which note a dot is on: not p2, not the facilitator, not the store.
    for (const c of [p2, fac]) for (const [, value] of dotsOf(c, 'p1')) expect(isSealedVote(value) && !String(value).includes('shape:h')).toBe(true)
    await first.close()
    const stored = new Y.Doc()
    const second = await start(dataDir)
    for (const update of (await second.server.storage.loadDocument(boardId)).updates) Y.applyUpdate(stored, update)
    const storedDots = [...stored.getMap<unknown>(VOTES_MAP).entries()]
    expect(storedDots).toHaveLength(3)
    expect(storedDots.every(([, v]) => isSealedVote(v))).toBe(true)

    // Closing, on a restarted server: every dot becomes the plain note id, and the notes carry the tallies.
    const fac2 = await join(second.server, boardId, 'facilitator', 'facilitator-1')
    const p2again = await join(second.server, boardId, 'participant', 'p2')
    fac2.session.set('vote', { ...vote, open: false })
    await waitFor(() => [...p2again.votes.values()].length === 3 && [...p2again.votes.values()].every((v) => NOTES.includes(v as string)), 5_000, 'dots opened')
    const counts = new Map<string, number>()
    for (const v of p2again.votes.values()) counts.set(v as string, (counts.get(v as string) ?? 0) + 1)
    const votesOn = (c: Client, id: string) => ((c.records.get(id) as { meta: { votes?: number } } | undefined)?.meta.votes ?? 0)
    await waitFor(() => NOTES.every((id) => votesOn(p2again, id) === (counts.get(id) ?? 0)), 5_000, 'tallies in the notes')
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(3)
    expect(counts.get('shape:h2')).toBeGreaterThanOrEqual(1)
  })
})
