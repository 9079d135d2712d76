/** Failed sign-ins allowed per email and per client address within the window. */
export const MAX_FAILED_LOGINS = 5
export const LOGIN_WINDOW_MS = 15 * 60_000

/**
 * Slows password guessing: after MAX_FAILED_LOGINS failures for one email or one address inside
 * LOGIN_WINDOW_MS, further attempts are refused until the window passes. In memory: a restart
 * clears it, which is acceptable for a per-process brake.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - LOGIN_WINDOW_MS
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length) this.failures.set(key, list)
    else this.failures.delete(key)
    return list
  }

  isBlocked(email: string, address: string): boolean {
    return this.recent(`e:${email.toLowerCase()}`).length >= MAX_FAILED_LOGINS || this.recent(`a:${address}`).length >= MAX_FAILED_LOGINS * 4
  }

  recordFailure(email: string, address: string): void {
    for (const key of [`e:${email.toLowerCase()}`, `a:${address}`]) this.failures.set(key, [...this.recent(key), this.now()])
  }

  recordSuccess(email: string): void {
    this.failures.delete(`e:${email.toLowerCase()}`)
  }
}
