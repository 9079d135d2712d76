/** Thrown when the queue is full: the caller answers 429 with Retry-After. */
export class HashQueueFullError extends Error {
  constructor(readonly retryAfterS: number) {
    super('The server is busy checking passwords. Try again in a few seconds.')
  }
}

/**
 * Bounds concurrent password hashing (scrypt takes ~128 MB and about half a second of a core each):
 * at most `concurrency` run at once and `maxWaiting` wait their turn; past that, `run` refuses at
 * once with HashQueueFullError instead of letting a burst of sign-ins stall every one of them.
 */
export class HashQueue {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new HashQueueFullError(Math.max(1, Math.ceil(this.waiting.length / this.concurrency)))
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else this.running++
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
