import * as Y from 'yjs'

/** A Yjs state vector as a map: client id -> number of that client's operations known. */
export type StateVector = ReadonlyMap<number, number>

/** The operations `doc` holds now (Yjs exports the state vector only encoded). */
export function getStateVector(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/** True when every operation counted in `local` is also counted in `known`. */
export function isStateVectorCoveredBy(local: StateVector, known: StateVector): boolean {
  for (const [client, clock] of local) if ((known.get(client) ?? 0) < clock) return false
  return true
}

/** The operations known to either side: per client, the higher count. */
export function mergeStateVectors(a: StateVector, b: StateVector): Map<number, number> {
  const merged = new Map(a)
  for (const [client, clock] of b) merged.set(client, Math.max(merged.get(client) ?? 0, clock))
  return merged
}
