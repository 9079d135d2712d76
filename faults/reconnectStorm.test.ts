import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBoard } from '../server/boards/BoardService'
import { openSqliteStorageInDataDir } from '../server/storage/openSqliteStorage'
import { makeDataDir, makeSyncToken, waitFor, type ChildServer } from '../server/testing/testServer'
import { connectFaultClient } from './connectFaultClient'
import { getFreePort } from '../server/testing/getFreePort'
import { readProcessCpuMs } from './readProcessCpuMs'
import { readProcessMemory } from './readProcessMemory'
import { recordFigures } from './recordFigures'
import { startServerOnPort } from './startServerOnPort'
import { getDocDigest } from './getDocDigest'
// Types only: importing the worker itself would make it answer this process's IPC messages.
import type { StormRequest, StormStatus } from './stormWorker'

const CLIENTS = 1_000
const WORKERS = 2
/** One client in this many publishes presence (awareness fan-out is n x m; the bench measures it). */
const PRESENCE_EVERY = 10
const OPEN_RAMP_MS = 8_000
const STORM_TIMEOUT_MS = 120_000

const REPO_ROOT = path.resolve(__dirname, '..')
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never

/** A client process and a typed request channel to it. */
function startWorker() {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'stormWorker.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let nextId = 1
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  child.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.ok) w?.resolve(m.result)
    else w?.reject(new Error(m.error))
  })
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`storm worker exited with ${code}`))
  })
  return {
    child,
    request<T>(request: Distribute<StormRequest>): Promise<T> {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
        child.send({ ...request, id })
      })
    },
  }
}

function merge(statuses: StormStatus[]): StormStatus {
  const total: StormStatus = { clients: 0, synced: 0, resynced: 0, acked: 0, digests: {}, closeCodes: {} }
  for (const s of statuses) {
    total.clients += s.clients
    total.synced += s.synced
    total.resynced += s.resynced
    total.acked += s.acked
    for (const [k, v] of Object.entries(s.digests)) total.digests[k] = (total.digests[k] ?? 0) + v
    for (const [k, v] of Object.entries(s.closeCodes)) total.closeCodes[k] = (total.closeCodes[k] ?? 0) + v
  }
  return total
}

describe('reconnect storm', () => {
  it(`brings ${CLIENTS} clients back in sync after a server restart drops them all at once`, async () => {
    const dataDir = makeDataDir()
    const setup = await openSqliteStorageInDataDir(dataDir)
    const board = await createBoard(setup.catalog, { title: 'Reconnect storm' })
    await setup.close()
    const token = makeSyncToken(dataDir, board.id, 'participant', 'Storm client', 3_600_000)
    const port = await getFreePort()
    const env = { MAX_CONNECTIONS_PER_USER: String(CLIENTS * 2), MAX_CONNECTIONS_PER_BOARD: String(CLIENTS * 2), MAX_PENDING_CONNECTIONS_PER_IP: String(CLIENTS * 2) }
    let server: ChildServer = await startServerOnPort(dataDir, port, env)
    cleanups.push(() => server.stop('SIGKILL'))

    const workers = Array.from({ length: WORKERS }, startWorker)
    cleanups.push(() => workers.forEach((w) => w.child.kill('SIGKILL')))
    const status = async (digests = false) => merge(await Promise.all(workers.map((w) => w.request<StormStatus>({ type: 'status', digests }))))
    const poll = async (condition: (s: StormStatus) => boolean, what: string, digests = false) => {
      let last: StormStatus | undefined
      await waitFor(
        async () => {
          // Polling costs the client processes CPU: not more often than every 250 ms.
          await new Promise((r) => setTimeout(r, 250))
          return condition((last = await status(digests)))
        },
        STORM_TIMEOUT_MS,
        what,
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify({ ...last, digests: Object.keys(last?.digests ?? {}).length })}`)
      })
      return last!
    }
    const perWorker = CLIENTS / WORKERS
    await Promise.all(
      workers.map((w, i) => w.request({ type: 'open', port, boardId: board.id, token, count: perWorker, firstIndex: i * perWorker, presenceEvery: PRESENCE_EVERY, rampMs: OPEN_RAMP_MS })),
    )
    await poll((s) => s.synced === CLIENTS, `${CLIENTS} clients synced`)
    // One client in ten writes a note, so the documents have something to agree on.
    await Promise.all(workers.map((w) => w.request({ type: 'edit', every: 10, offset: 0, label: 'before' })))
    await poll((s) => Object.keys(s.digests).length === 1, 'all documents equal before the restart', true)
    const firstServer = readProcessMemory(server.process.pid!)

    // The restart: SIGTERM (clients get 1001 and start reconnecting), some edit while it is down.
    await Promise.all(workers.map((w) => w.request({ type: 'markRestart' })))
    const down = performance.now()
    expect(await server.stop('SIGTERM')).toBe(0)
    await Promise.all(workers.map((w) => w.request({ type: 'edit', every: 10, offset: 5, label: 'offline' })))
    server = await startServerOnPort(dataDir, port, env)
    const up = performance.now()
    const cpuAtStart = readProcessCpuMs(server.process.pid!) ?? 0
    await poll((s) => s.resynced === CLIENTS, 'every client resynced')
    const resynced = performance.now()
    const serverCpuMs = (readProcessCpuMs(server.process.pid!) ?? 0) - cpuAtStart
    const last = await poll((s) => s.resynced === CLIENTS && Object.keys(s.digests).length === 1, 'all documents equal after the restart', true)
    const converged = performance.now()
    const memory = readProcessMemory(server.process.pid!)

    const fresh = connectFaultClient(port, board.id, token)
    cleanups.push(fresh.destroy)
    await waitFor(() => fresh.provider.synced, 30_000, 'fresh client synced')
    const [digest] = Object.keys(last.digests)
    expect(getDocDigest(fresh)).toBe(digest)
    expect(fresh.records.map.size).toBeGreaterThanOrEqual(CLIENTS / 10 * 2)
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200)
    expect(server.process.exitCode).toBeNull()
    const refused = Object.entries(last.closeCodes).filter(([code]) => Number(code) >= 4400 && Number(code) < 4500)

    recordFigures('reconnectStorm', {
      clients: CLIENTS,
      clientProcesses: WORKERS,
      withPresence: CLIENTS / PRESENCE_EVERY,
      serverDownMs: Math.round(up - down),
      allResyncedAfterRestartMs: Math.round(resynced - up),
      documentsEqualAfterRestartMs: Math.round(converged - up),
      serverCpuUntilResyncedMs: Math.round(serverCpuMs),
      documentsDistinctAfter: Object.keys(last.digests).length,
      closeCodesDuringStorm: last.closeCodes,
      refusedConnections: refused.reduce((n, [, count]) => n + count, 0),
      serverPeakRssMiB: memory ? Math.round(memory.peakRssBytes / 2 ** 20) : null,
      serverRssAfterMiB: memory ? Math.round(memory.rssBytes / 2 ** 20) : null,
      firstServerPeakRssMiB: firstServer ? Math.round(firstServer.peakRssBytes / 2 ** 20) : null,
    })
    expect(refused).toEqual([])
    await Promise.all(workers.map((w) => w.request({ type: 'close' }).catch(() => undefined)))
  })
})
