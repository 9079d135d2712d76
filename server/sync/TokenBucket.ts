/**
 * Allows `ratePerSecond` events on average with bursts up to `burst`. Used to cap messages per
 * second per connection, and bytes written per minute per connection.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes `amount` tokens (one by default); false when the bucket holds fewer (the caller refuses the event). */
  take(amount = 1): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}
