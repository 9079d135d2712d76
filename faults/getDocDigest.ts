import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { getRecordMap, type FaultClient } from './connectFaultClient'

/** A digest of a client's document, to compare many documents cheaply: its state vector and its records. */
export function getDocDigest(client: FaultClient): string {
  const hash = createHash('sha1')
  hash.update(Y.encodeStateVector(client.doc))
  hash.update(JSON.stringify(getRecordMap(client.records)))
  return hash.digest('hex').slice(0, 12)
}
