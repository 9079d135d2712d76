import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { readNodeArgs } from './readNodeArgs'
import type { WorkerCommand, WorkerCommands, WorkerRequest, WorkerResponse } from './workerProtocol'

const WORKER_FILE = path.join(__dirname, 'clientWorker.ts')

interface Worker {
  child: ChildProcess
  pending: Map<number, { resolve(value: unknown): void; reject(err: Error): void }>
}

/**
 * Load-generator processes. Worker 0 holds the observers (latency is measured there, so it has few
 * clients); the others hold the crowd. All run at normal priority: a lowered priority lets any other
 * process on the machine starve the crowd.
 */
export class ClientPool {
  private nextId = 1

  private constructor(private readonly workers: Worker[]) {}

  static async start(crowdWorkers: number): Promise<ClientPool> {
    const workers: Worker[] = []
    for (let i = 0; i <= crowdWorkers; i++) {
      const child = fork(WORKER_FILE, [], { execArgv: ['--import', 'tsx', ...readNodeArgs('BENCH_WORKER_NODE_ARGS')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' })
      const worker: Worker = { child, pending: new Map() }
      child.on('message', (message: WorkerResponse) => {
        const waiter = worker.pending.get(message.id)
        if (!waiter) return
        worker.pending.delete(message.id)
        if ('error' in message) waiter.reject(new Error(`client worker ${i}: ${message.error}`))
        else waiter.resolve(message.result)
      })
      child.once('exit', (code) => {
        for (const waiter of worker.pending.values()) waiter.reject(new Error(`client worker ${i} exited with ${code}`))
        worker.pending.clear()
      })
      workers.push(worker)
    }
    return new ClientPool(workers)
  }

  get size(): number {
    return this.workers.length
  }

  get crowdSize(): number {
    return this.workers.length - 1
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!)
  }

  call<C extends WorkerCommand>(worker: number, command: C, args: WorkerCommands[C][0]): Promise<WorkerCommands[C][1]> {
    const w = this.workers[worker]
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      w.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      const request: WorkerRequest<C> = { id, command, args }
      w.child.send(request)
    })
  }

  /** Sends one command to every worker (with per-worker arguments) and waits for all answers. */
  all<C extends WorkerCommand>(command: C, argsFor: (worker: number) => WorkerCommands[C][0]): Promise<WorkerCommands[C][1][]> {
    return Promise.all(this.workers.map((_, i) => this.call(i, command, argsFor(i))))
  }

  stop(): void {
    for (const w of this.workers) if (w.child.connected) w.child.disconnect()
  }
}
