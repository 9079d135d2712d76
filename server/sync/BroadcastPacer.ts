/**
 * Runs a room's broadcast at most once per interval. The first change after a quiet spell goes out
 * on the next event-loop turn; changes that come faster are gathered until the interval has passed
 * since the last broadcast and then go out together.
 *
 * Why: every broadcast is one websocket frame and one `writev` per connection. With 300 people in
 * a room making 600 edits a second, one broadcast per edit is 180,000 frames a second, and the
 * system calls alone saturate a core (most of the server's time in the load bench). Gathering a
 * few milliseconds of edits divides that by the number of edits per window, at a latency cost of at
 * most one interval, paid only under load: while `isBusy` says the room is quiet, every change goes
 * out on the next event-loop turn (changes of one turn still go out together).
 */
export class BroadcastPacer {
  private lastRunAt = -Infinity
  private timer: { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout } | undefined

  constructor(
    private readonly intervalMs: number,
    private readonly broadcast: () => void,
    private readonly now: () => number = () => performance.now(),
    /** Whether the room sends enough frames that pacing pays; without it, always paced. */
    private readonly isBusy: () => boolean = () => true,
  ) {}

  /** A change is waiting: broadcast it now-ish, or when the interval since the last broadcast ends. */
  request(): void {
    if (this.timer) return
    const wait = this.isBusy() ? this.lastRunAt + this.intervalMs - this.now() : 0
    this.timer = wait <= 0 ? { kind: 'immediate', handle: setImmediate(this.run) } : { kind: 'timeout', handle: setTimeout(this.run, wait) }
  }

  /** Broadcasts what waits now (before a room closes). */
  flushNow(): void {
    this.cancel()
    this.run()
  }

  cancel(): void {
    if (!this.timer) return
    if (this.timer.kind === 'immediate') clearImmediate(this.timer.handle)
    else clearTimeout(this.timer.handle)
    this.timer = undefined
  }

  private run = (): void => {
    this.timer = undefined
    this.lastRunAt = this.now()
    this.broadcast()
  }
}
