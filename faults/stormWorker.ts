/**
 * A client process for the reconnect storm: runs many stock y-websocket clients and answers the
 * test's requests over the IPC channel. Started by reconnectStorm.test.ts; exits when told to, or
 * when the channel closes.
 */
import { buildTestNote } from '../testing/buildTestNote'
import { connectFaultClient, type FaultClient } from './connectFaultClient'
import { getDocDigest } from './getDocDigest'

export type StormRequest =
  | { id: number; type: 'open'; port: number; boardId: string; token: string; count: number; firstIndex: number; presenceEvery: number; rampMs: number }
  | { id: number; type: 'edit'; every: number; offset: number; label: string }
  | { id: number; type: 'markRestart' }
  | { id: number; type: 'status'; digests: boolean }
  | { id: number; type: 'close' }

export interface StormStatus {
  clients: number
  synced: number
  /** Clients whose `sync` event fired since the last markRestart. */
  resynced: number
  acked: number
  /** How many clients hold each distinct document (state vector + records digest), when asked for. */
  digests: Record<string, number>
  closeCodes: Record<string, number>
}

interface StormClient extends FaultClient {
  index: number
  resynced: boolean
  /** The document's digest, dropped on every change. */
  digest?: string
}

// Every provider registers a process 'exit' listener.
process.setMaxListeners(0)
const clients: StormClient[] = []
const closeCodes: Record<string, number> = {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function handle(request: StormRequest): Promise<unknown> {
  switch (request.type) {
    case 'open': {
      for (let i = 0; i < request.count; i++) {
        const index = request.firstIndex + i
        const client = connectFaultClient(request.port, request.boardId, request.token, {
          presence: index % request.presenceEvery === 0,
          // The stock client's backoff, so the storm is what browsers would do.
          maxBackoffTime: 2_500,
        }) as StormClient
        client.index = index
        client.resynced = false
        client.doc.on('update', () => (client.digest = undefined))
        if (client.provider.awareness.getLocalState() !== null) client.provider.awareness.setLocalStateField('user', { name: `Storm ${index}` })
        client.provider.on('sync', (synced: boolean) => {
          if (synced) client.resynced = true
        })
        client.provider.on('connection-close', (event) => {
          const code = String(event?.code ?? 'none')
          closeCodes[code] = (closeCodes[code] ?? 0) + 1
        })
        clients.push(client)
        await sleep(request.rampMs / request.count)
      }
      return getStatus(false)
    }
    case 'edit': {
      let edits = 0
      for (const c of clients) {
        if (c.index % request.every !== request.offset) continue
        const id = `shape:storm-${request.label}-${c.index}`
        c.records.set(id, buildTestNote({ id, text: `${request.label} by ${c.index}`, x: (c.index % 40) * 220, y: Math.floor(c.index / 40) * 220 }))
        edits++
      }
      return { edits }
    }
    case 'markRestart':
      for (const c of clients) c.resynced = false
      for (const key of Object.keys(closeCodes)) delete closeCodes[key]
      return getStatus(false)
    case 'status':
      return getStatus(request.digests)
    case 'close':
      for (const c of clients) c.destroy()
      setImmediate(() => process.exit(0))
      return { closed: clients.length }
  }
}

function getStatus(withDigests: boolean): StormStatus {
  const digests: Record<string, number> = {}
  for (const c of withDigests ? clients : []) {
    const d = (c.digest ??= getDocDigest(c))
    digests[d] = (digests[d] ?? 0) + 1
  }
  return {
    clients: clients.length,
    synced: clients.filter((c) => c.provider.synced).length,
    resynced: clients.filter((c) => c.resynced && c.provider.synced).length,
    acked: clients.filter((c) => c.isAcked()).length,
    digests,
    closeCodes: { ...closeCodes },
  }
}

if (process.send) {
  process.on('message', (request: StormRequest) => {
    handle(request).then(
      (result) => process.send!({ id: request.id, ok: true, result }),
      (err: Error) => process.send!({ id: request.id, ok: false, error: err.stack ?? String(err) }),
    )
  })
  process.on('disconnect', () => process.exit(0))
}
