import v8 from 'node:v8'

/**
 * Gives memory back to the system after a wave of rooms has unloaded.
 *
 * When a workshop ends, its rooms unload and their documents become garbage, but V8 keeps the heap
 * it grew to until its idle-time memory reducer runs, which took 40-100 s in the load bench (the
 * process held over twice its starting RSS meanwhile). So, once unloads have stopped for a moment,
 * this runs one compacting full collection, which returns the freed heap pages at once. The collection
 * pauses the process (about 50 ms for a 30 MB live heap, more for a busy one), so it runs only after
 * a wave: at least `minUnloads` rooms gone, and at least as many as are still loaded; at most once per
 * `minIntervalMs`; and never when the process was not started with `--expose-gc` (see
 * scripts/serverProcess.mjs).
 */
export class IdleMemoryReleaser {
  private unloadsSinceCollect = 0
  private lastCollectAt = -Infinity
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly collect: (() => void) | undefined,
    /** Rooms still loaded (read when a collection is due). */
    private readonly loadedRooms: () => number,
    private readonly options = { quietMs: 3_000, minUnloads: 5, minIntervalMs: 60_000 },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A room unloaded: after `quietMs` without another, collect if enough rooms have gone. */
  roomUnloaded(): void {
    if (!this.collect) return
    this.unloadsSinceCollect++
    this.schedule(this.options.quietMs)
  }

  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(this.maybeCollect, delayMs)
    this.timer.unref()
  }

  private maybeCollect = (): void => {
    this.timer = undefined
    if (this.unloadsSinceCollect < this.options.minUnloads || this.loadedRooms() > this.unloadsSinceCollect) return
    const wait = this.lastCollectAt + this.options.minIntervalMs - this.now()
    if (wait > 0) {
      this.schedule(wait)
      return
    }
    this.unloadsSinceCollect = 0
    this.lastCollectAt = this.now()
    this.collect?.()
  }
}

/**
 * A compacting full collection when the process runs with `--expose-gc`; otherwise undefined.
 *
 * A plain full collection frees the garbage but keeps every heap page that still holds one live
 * object, and after rooms unload most pages do: the heap stayed at 107 MB for 31 MB of live data in
 * the bench. Compaction moves the survivors together so the emptied pages go back to the system
 * (about 50 ms for a 30 MB live heap). The flag is switched on only for this one collection.
 */
export function getExposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc
  if (typeof gc !== 'function') return undefined
  return () => {
    v8.setFlagsFromString('--compact-on-every-full-gc')
    try {
      gc()
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc')
    }
  }
}
