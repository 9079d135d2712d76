import { afterEach, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { getUserColor } from '../../lib/collab/getUserColor'
import { MessageType } from '../../lib/collab/syncMessages'
import { connectClient, createBoardViaApi, makeDataDir, makeSyncToken, signUpAndSignIn, startInProcessServer, waitFor } from '../testing/testServer'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

type Client = ReturnType<typeof connectClient>
interface PresenceState {
  user?: { id?: string; name?: string; color?: string; role?: string }
  presence?: { userId?: string; userName?: string; color?: string }
  marker?: number
}

async function setup() {
  const dataDir = makeDataDir()
  const server = await startInProcessServer(dataDir)
  cleanups.push(() => server.close())
  const base = `http://127.0.0.1:${server.port}`
  const cookie = await signUpAndSignIn(base, 'owner@example.com', 'Olga Owner')
  const { id: boardId } = await createBoardViaApi(base, 'Presence', undefined, cookie)
  const join = async (role: 'viewer' | 'participant' | 'facilitator', name: string) => {
    const c = connectClient(server.port, boardId, { token: makeSyncToken(dataDir, boardId, role, name) })
    cleanups.push(c.destroy)
    await waitFor(() => c.provider.synced, 10_000, `${name} synced`)
    return c
  }
  /** A raw socket (no provider): its first awareness frame is whatever the test sends. */
  const raw = async (role: 'viewer' | 'participant', name: string) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${boardId}?token=${makeSyncToken(dataDir, boardId, role, name)}`)
    cleanups.push(() => ws.close())
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    return ws
  }
  return { join, raw }
}

const stateOf = (observer: Client, clientId: number) => observer.provider.awareness.getStates().get(clientId) as PresenceState | undefined

/** Sends an awareness frame for `clientId` at `clock` (state `null` removes it), as a raw y-protocols client would. */
function sendForeignAwareness(sender: Client | WebSocket, clientId: number, clock: number, state: PresenceState | null) {
  const forged = new Awareness(new Y.Doc())
  if (state) forged.states.set(clientId, state as Record<string, unknown>)
  forged.meta.set(clientId, { clock, lastUpdated: Date.now() })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.AWARENESS)
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(forged, [clientId]))
  const ws = sender instanceof WebSocket ? sender : (sender.provider.ws as unknown as WebSocket)
  ws.send(encoding.toUint8Array(encoder))
}

/**
 * The sender's own next awareness change, awaited at the observer: frames are handled in order, so
 * once it arrives, anything the sender sent before it has been handled (and broadcast, if taken).
 */
async function barrier(sender: Client, observer: Client, marker: number) {
  sender.provider.awareness.setLocalStateField('marker', marker)
  await waitFor(() => stateOf(observer, sender.doc.clientID)?.marker === marker, 10_000, `marker ${marker}`)
}

describe('presence (awareness) from hostile clients', () => {
  it("drops a viewer's awareness for someone else's client id: no spoofed state, no eviction, the socket stays open", async () => {
    const { join } = await setup()
    const pat = await join('participant', 'Pat')
    const vic = await join('viewer', 'Vic Viewer')
    const olga = await join('facilitator', 'Olga')
    pat.provider.awareness.setLocalStateField('user', { name: 'Pat' })
    vic.provider.awareness.setLocalStateField('user', { name: 'Vic Viewer' })
    await waitFor(() => stateOf(olga, pat.doc.clientID)?.user?.name === 'Pat' && stateOf(olga, vic.doc.clientID) !== undefined, 10_000, 'both present')

    // Spoof: a newer clock for Pat's id, with another name.
    sendForeignAwareness(vic, pat.doc.clientID, 1_000, { user: { name: 'Pat (spoofed by Vic)' } })
    // Evict: a removal of Pat at a still newer clock.
    sendForeignAwareness(vic, pat.doc.clientID, 2_000, null)
    // And a third person who is not there at all (nobody present under the id: still not Vic's).
    sendForeignAwareness(vic, 987_654, 1, { user: { name: 'Ghost' } })
    await barrier(vic, olga, 1)

    expect(stateOf(olga, pat.doc.clientID)?.user?.name).toBe('Pat')
    expect(stateOf(vic, pat.doc.clientID)?.user?.name).toBe('Pat')
    expect(olga.provider.awareness.getStates().has(987_654)).toBe(false)
    expect(vic.provider.wsconnected).toBe(true)
    // Pat is still live for everyone: a later change of theirs comes through.
    await barrier(pat, olga, 2)
  })

  it("stamps the server's identity (name, colour, role) over what a client claims for itself", async () => {
    const { join } = await setup()
    const vic = await join('viewer', 'Vic Viewer')
    const olga = await join('facilitator', 'Olga')
    vic.provider.awareness.setLocalState({
      user: { id: 'olga', name: 'Olga (facilitator)', color: '#000000', role: 'facilitator' },
      presence: { userId: 'user:olga', userName: 'Olga (facilitator)', color: '#000000' },
    })
    await waitFor(() => stateOf(olga, vic.doc.clientID) !== undefined, 10_000, 'Vic present')
    const seen = stateOf(olga, vic.doc.clientID)!
    const color = getUserColor('token:Vic Viewer')
    expect(seen.user).toEqual({ id: 'token:Vic Viewer', name: 'Vic Viewer', color, role: 'viewer', presenceUserId: 'user:token:Vic Viewer' })
    expect(seen.presence).toMatchObject({ userId: 'user:token:Vic Viewer', userName: 'Vic Viewer', color })
  })

  it('lets a new socket of the same person take over their id (a reconnecting tab), and nobody else', async () => {
    const { join, raw } = await setup()
    const pat = await join('participant', 'Pat')
    const olga = await join('facilitator', 'Olga')
    pat.provider.awareness.setLocalStateField('user', { name: 'Pat' })
    await waitFor(() => stateOf(olga, pat.doc.clientID)?.user?.name === 'Pat', 10_000, 'Pat present')
    // Someone else's first awareness frame names Pat's id: refused.
    const mallory = await raw('participant', 'Mallory')
    sendForeignAwareness(mallory, pat.doc.clientID, 4_000, { marker: 6 })
    // Pat's own tab reconnecting (its old socket still open) sends its id first: taken over.
    const patAgain = await raw('participant', 'Pat')
    sendForeignAwareness(patAgain, pat.doc.clientID, 5_000, { marker: 7 })
    await waitFor(() => stateOf(olga, pat.doc.clientID)?.marker === 7, 10_000, 'taken over by the same person')
    expect(stateOf(olga, pat.doc.clientID)?.user?.name).toBe('Pat')
    // Once taken over, the old socket no longer speaks (or leaves) for that id.
    pat.provider.awareness.setLocalStateField('marker', 8)
    pat.destroy()
    await barrier(await join('participant', 'Pat too'), olga, 9)
    expect(stateOf(olga, pat.doc.clientID)?.marker).toBe(7)
  })
})
