import type * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { equalityDeep } from 'lib0/function'
import { getUserColor } from '../../lib/collab/getUserColor'
import type { Role } from '../../lib/collab/roles'

/** How many awareness client ids one connection may own (a stock provider has one). */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4

/** What the guard needs of a connection: who it is, and the awareness ids it owns. */
export interface AwarenessSender {
  userId: string
  name: string
  role: Role
  /** The awareness client ids this connection owns, fixed by its first awareness message with a state. */
  awarenessIds: Set<number>
  /** Whether that first message has been seen (later ones cannot add ids). */
  awarenessClaimed: boolean
}

/** The presence fields that name a person, as the server stamps them (see stampIdentity). */
interface PresenceIdentity {
  user: { id: string; name: string; color: string; role: Role; presenceUserId: string }
}

const identities = new WeakMap<AwarenessSender, PresenceIdentity>()

function getIdentity(conn: AwarenessSender): PresenceIdentity {
  let identity = identities.get(conn)
  if (!identity) {
    identity = { user: Object.freeze({ id: conn.userId, name: conn.name, color: getUserColor(conn.userId), role: conn.role, presenceUserId: `user:${conn.userId}` }) }
    identities.set(conn, identity)
  }
  return identity
}

/**
 * Applies one client's awareness update to the room's awareness, as y-protocols'
 * `applyAwarenessUpdate` does (same clocks, same events, origin `conn`), with two rules:
 *
 * - **Only one's own ids.** A connection owns the client ids of its first awareness message that
 *   sets a state (at most MAX_AWARENESS_IDS_PER_CONNECTION). An id may be claimed only if nobody
 *   is present under it, or if the person present under it is the same user (a reconnecting tab
 *   whose old socket is not closed yet, or one that moved here from another server process); the
 *   old connection then loses it. Entries for any other id, a `null` state removing someone
 *   included, are dropped and the connection stays open: stock clients send removals of people
 *   they timed out themselves, which are not theirs to send (the server times them out).
 * - **The server names the person.** In each state it keeps, `user` (id, name, colour, role) is
 *   replaced by the connection's identity, and tldraw's `presence` gets the same user id, name and
 *   colour; a state that is not an object is dropped.
 *
 * `owners` maps each owned id to its connection (the room's, shared by all its connections). One
 * JSON parse per entry, as y-protocols does, and no re-encoding: the room broadcasts the states.
 * Throws on a truncated message or bad JSON (the caller closes the connection as malformed).
 */
export function applyClientAwareness<C extends AwarenessSender>(
  awareness: awarenessProtocol.Awareness,
  update: Uint8Array,
  conn: C,
  owners: Map<number, C>,
): void {
  const decoder = decoding.createDecoder(update)
  const timestamp = Date.now()
  const added: number[] = []
  const updated: number[] = []
  const filteredUpdated: number[] = []
  const removed: number[] = []
  const claiming = !conn.awarenessClaimed
  const len = decoding.readVarUint(decoder)
  for (let i = 0; i < len; i++) {
    const clientID = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const text = decoding.readVarString(decoder)
    const owned = conn.awarenessIds.has(clientID)
    if (!owned && !claiming) continue
    const state: unknown = JSON.parse(text)
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue
    if (!owned && !claim(awareness, conn, owners, clientID, state)) continue
    if (state !== null) stampIdentity(state as Record<string, unknown>, getIdentity(conn))
    const clientMeta = awareness.meta.get(clientID)
    const prevState = awareness.states.get(clientID)
    const currClock = clientMeta === undefined ? 0 : clientMeta.clock
    if (!(currClock < clock || (currClock === clock && state === null && awareness.states.has(clientID)))) continue
    if (state === null) awareness.states.delete(clientID)
    else awareness.states.set(clientID, state as Record<string, unknown>)
    awareness.meta.set(clientID, { clock, lastUpdated: timestamp })
    if (clientMeta === undefined && state !== null) added.push(clientID)
    else if (clientMeta !== undefined && state === null) removed.push(clientID)
    else if (state !== null) {
      if (!equalityDeep(state, prevState)) filteredUpdated.push(clientID)
      updated.push(clientID)
    }
  }
  if (claiming && conn.awarenessIds.size > 0) conn.awarenessClaimed = true
  if (added.length > 0 || filteredUpdated.length > 0 || removed.length > 0) {
    awareness.emit('change', [{ added, updated: filteredUpdated, removed }, conn])
  }
  if (added.length > 0 || updated.length > 0 || removed.length > 0) {
    awareness.emit('update', [{ added, updated, removed }, conn])
  }
}

/** Claims `clientID` for `conn` if the rules of applyClientAwareness allow it. */
function claim<C extends AwarenessSender>(awareness: awarenessProtocol.Awareness, conn: C, owners: Map<number, C>, clientID: number, state: unknown): boolean {
  if (state === null || clientID === awareness.clientID || conn.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false
  const present = awareness.states.get(clientID) as { user?: { id?: unknown } } | undefined
  if (present !== undefined && present.user?.id !== conn.userId) return false
  const previous = owners.get(clientID)
  if (previous && previous !== conn) previous.awarenessIds.delete(clientID)
  owners.set(clientID, conn)
  conn.awarenessIds.add(clientID)
  return true
}

/** Overwrites the fields of a presence state that name a person with the server's identity. */
function stampIdentity(state: Record<string, unknown>, identity: PresenceIdentity): void {
  state.user = identity.user
  const presence = state.presence
  if (presence === undefined) return
  if (presence === null || typeof presence !== 'object' || Array.isArray(presence)) {
    delete state.presence
    return
  }
  const p = presence as Record<string, unknown>
  p.userId = identity.user.presenceUserId
  p.userName = identity.user.name
  p.color = identity.user.color
}
