import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '../../lib/collab/documentLayout'
import type { Role } from '../../lib/collab/roles'
import { applySessionChange, readSessionValue, SESSION_MAP, VOTE_SEAL_KEY, VOTES_MAP } from '../../lib/collab/session'
import { buildVoteClose, buildVoteKey, buildVoteOpen } from '../../lib/collab/sessionVotes'
import { MessageType } from '../../lib/collab/syncMessages'
import { getMyHiddenVoteKeys, isSealedVote, openMyHiddenVote, sealVote } from '../../lib/collab/voteSeal'
import { buildTestNote } from '../../testing/buildTestNote'
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
  await server.storage.catalog.setMember(boardId, userId, role, Date.now())
  const token = createSyncToken({ boardId, role, name: userId, expiresAt: Date.now() + 3_600_000, userId }, server.secret)
  const c = connectClient(server.port, boardId, { token })
  cleanups.push(c.destroy)
  const voterKeys = new Map<string, string>()
  // The two hidden-vote messages, as the board page sends and reads them (see lib/collab/syncMessages.ts).
  c.provider.messageHandlers[MessageType.VOTE_KEY] = (_encoder, decoder) => {
    const voteId = decoding.readVarString(decoder)
    voterKeys.set(voteId, decoding.readVarString(decoder))
  }
  const sendRaw = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder()
    write(encoder)
    ;(c.provider.ws as WebSocket).send(encoding.toUint8Array(encoder))
  }
  await waitFor(() => c.provider.synced)
  const session = c.doc.getMap(SESSION_MAP)
  const votes = c.doc.getMap<unknown>(VOTES_MAP)
  const requestVoterKey = (voteId: string) =>
    sendRaw((e) => {
      encoding.writeVarUint(e, MessageType.VOTE_KEY_REQUEST)
      encoding.writeVarString(e, voteId)
    })
  const hiddenDot = (voteId: string, slot: number, noteId: string) =>
    sendRaw((e) => {
      encoding.writeVarUint(e, MessageType.HIDDEN_DOT)
      encoding.writeVarString(e, voteId)
      encoding.writeVarUint(e, slot)
      encoding.writeVarString(e, noteId)
    })
  /** This person's dots of a hidden vote as any of their devices reads them: note ids by slot. */
  const myDots = async (voteId: string, budget: number) => {
    const voterKey = voterKeys.get(voteId)!
    const keys = await getMyHiddenVoteKeys(globalThis.crypto, voterKey, voteId, budget)
    const dots: (string | undefined)[] = []
    for (const key of keys) dots.push(votes.has(key) ? await openMyHiddenVote(globalThis.crypto, voterKey, key, votes.get(key)) : undefined)
    return dots
  }
  return { ...c, records: new YKeyValue<BoardRecord>(c.doc.getArray(RECORDS_ARRAY)), session, votes, voterKeys, requestVoterKey, hiddenDot, myDots }
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

/** Who wrote each vote entry (the Yjs client id of its item), as any stock client can read it. */
const writersOf = (c: Client) => new Set([...c.votes._map.values()].filter((item) => !item.deleted).map((item) => item.id.client))

describe('hidden dot votes', () => {
  it('hide whose dots they are and how many each person has, from everyone but the voter (any device), within budget, and open with tallies on close after a restart', async () => {
    const dataDir = makeDataDir()
    const first = await start(dataDir)
    const base = `http://127.0.0.1:${first.server.port}`
    const cookie = await signUpAndSignIn(base, 'fac@example.com', 'Fac')
    const { id: boardId } = await createBoardViaApi(base, 'Hidden votes', undefined, cookie)
    for (const uid of ['facilitator-1', 'p1', 'p2', 'v1']) await first.server.storage.catalog.createUser({ id: uid, kind: 'guest', email: null, name: uid, passwordHash: null, createdAt: 0 })
    const fac = await join(first.server, boardId, 'facilitator', 'facilitator-1')
    const tabA = await join(first.server, boardId, 'participant', 'p1')
    const tabB = await join(first.server, boardId, 'participant', 'p1')
    const p2 = await join(first.server, boardId, 'participant', 'p2')
    const viewer = await join(first.server, boardId, 'viewer', 'v1')
    NOTES.forEach((id, i) => fac.records.set(id, buildTestNote({ id, text: `idea ${i}`, x: 3000 + i * 250, y: 3000 })))
    const { vote } = buildVoteOpen({ id: 'vote-h', budget: 2, scope: { kind: 'board' }, hideUntilClosed: true })
    applySessionChange(fac.doc, { vote })
    await waitFor(() => [tabA, tabB, p2].every((c) => readSessionValue(c.session, VOTE_SEAL_KEY)?.voteId === 'vote-h' && c.records.has('shape:h3')))

    // Each voter gets their own key (both of p1's devices the same one); a viewer and the facilitator get none.
    for (const c of [tabA, tabB, p2, viewer, fac]) c.requestVoterKey('vote-h')
    await waitFor(() => [tabA, tabB, p2].every((c) => c.voterKeys.has('vote-h')), 5_000, 'voter keys')
    expect(tabA.voterKeys.get('vote-h')).toBe(tabB.voterKeys.get('vote-h'))
    expect(p2.voterKeys.get('vote-h')).not.toBe(tabA.voterKeys.get('vote-h'))

    // Two tabs of p1 send dots at once, more than the budget; p2 places one; the viewer tries one.
    for (const slot of [0, 1, 2, 3]) {
      tabA.hiddenDot('vote-h', slot, NOTES[slot])
      tabB.hiddenDot('vote-h', slot, NOTES[3 - slot])
    }
    p2.hiddenDot('vote-h', 0, 'shape:h2')
    p2.hiddenDot('vote-h', 1, getStageShapeId('use'))
    viewer.hiddenDot('vote-h', 0, 'shape:h1')
    await waitFor(() => [fac, tabA, p2, viewer].every((c) => c.votes.size === 3), 5_000, 'budget held: 2 dots of p1, 1 of p2')
    // Refused: a dot written into the document directly, plain or sealed the old way (its writer would show).
    p2.votes.set(buildVoteKey('vote-h', 'p2', 1), 'shape:h0')
    const sealKey = readSessionValue(p2.session, VOTE_SEAL_KEY)!.publicKey
    p2.votes.set(buildVoteKey('vote-h', 'p2', 1), await sealVote(globalThis.crypto, sealKey, buildVoteKey('vote-h', 'p2', 1), 'shape:h0'))
    await waitFor(() => !p2.votes.has(buildVoteKey('vote-h', 'p2', 1)), 5_000, 'direct dots refused')

    // What everyone else (the facilitator included) sees: three entries that name nobody, all of
    // one writer (the server), of one key and value length, none openable with p2's key.
    for (const c of [fac, p2, viewer]) {
      const entries = [...c.votes.entries()]
      expect(entries).toHaveLength(3)
      for (const [key, value] of entries) {
        expect(key.includes('p1') || key.includes('p2') || String(value).includes('shape:')).toBe(false)
        expect(isSealedVote(value)).toBe(true)
      }
      expect(new Set(entries.map(([k, v]) => `${k.length}/${String(v).length}`)).size).toBe(1)
      expect([...writersOf(c)]).not.toContain(tabA.doc.clientID)
      expect([...writersOf(c)]).not.toContain(tabB.doc.clientID)
      expect(writersOf(c).size).toBe(1)
    }
    for (const [key, value] of tabA.votes.entries()) {
      const opened = await openMyHiddenVote(globalThis.crypto, p2.voterKeys.get('vote-h')!, key, value)
      if (opened !== undefined) expect(opened).toBe('shape:h2')
    }
    // The voter, on either device, reads their own dots.
    const p1Dots = await tabA.myDots('vote-h', 2)
    expect(await tabB.myDots('vote-h', 2)).toEqual(p1Dots)
    expect(p1Dots.every((n) => n !== undefined && NOTES.includes(n))).toBe(true)
    expect(await p2.myDots('vote-h', 2)).toEqual(['shape:h2', undefined])
    // Taking a dot back.
    tabB.hiddenDot('vote-h', 1, '')
    await waitFor(async () => (await tabA.myDots('vote-h', 2))[1] === undefined, 5_000, 'dot taken back')
    tabB.hiddenDot('vote-h', 1, p1Dots[1]!)
    await waitFor(() => fac.votes.size === 3, 5_000, 'dot placed again')

    await first.close()
    const stored = new Y.Doc()
    const second = await start(dataDir)
    for (const update of (await second.server.storage.documents.loadDocument(boardId)).updates) Y.applyUpdate(stored, update)
    const storedDots = [...stored.getMap<unknown>(VOTES_MAP).entries()]
    expect(storedDots).toHaveLength(3)
    expect(storedDots.every(([k, v]) => isSealedVote(v) && !k.includes('p1') && !k.includes('p2'))).toBe(true)

    // Closing, on a restarted server: every dot becomes the plain entry, and the notes carry the tallies.
    const fac2 = await join(second.server, boardId, 'facilitator', 'facilitator-1')
    const p2again = await join(second.server, boardId, 'participant', 'p2')
    applySessionChange(fac2.doc, buildVoteClose(vote))
    await waitFor(() => [...p2again.votes.values()].length === 3 && [...p2again.votes.values()].every((v) => NOTES.includes(v as string)), 5_000, 'dots opened')
    expect(p2again.votes.get(buildVoteKey('vote-h', 'p1', 0))).toBe(p1Dots[0])
    expect(p2again.votes.get(buildVoteKey('vote-h', 'p1', 1))).toBe(p1Dots[1])
    expect(p2again.votes.get(buildVoteKey('vote-h', 'p2', 0))).toBe('shape:h2')
    const counts = new Map<string, number>()
    for (const v of p2again.votes.values()) counts.set(v as string, (counts.get(v as string) ?? 0) + 1)
    const votesOn = (c: Client, id: string) => ((c.records.get(id) as { meta: { votes?: number } } | undefined)?.meta.votes ?? 0)
    await waitFor(() => NOTES.every((id) => votesOn(p2again, id) === (counts.get(id) ?? 0)), 5_000, 'tallies in the notes')
  })
})
