/** How long a failed sign-in counts against its account and its address. */
export const LOGIN_WINDOW_MS = 15 * 60_000
/** Failed sign-ins per address within the window before that address must back off. */
export const FREE_ADDRESS_FAILURES = 20
/** Failed sign-ins per account within the window before each further attempt is delayed. */
export const FREE_ACCOUNT_FAILURES = 5
/** The longest an account's attempt is delayed. */
export const MAX_ACCOUNT_DELAY_MS = 10_000
/** An address past its free failures waits this long after its latest one, doubling with each more. */
export const ADDRESS_BACKOFF_MS = 30_000
export const MAX_ADDRESS_BACKOFF_MS = LOGIN_WINDOW_MS

export type LoginAttempt =
  /** Go ahead after `delayMs` (0 unless the account has many recent failures). */
  | { ok: true; delayMs: number }
  /** This address must wait before trying again. */
  | { ok: false; retryAfterMs: number }

/**
 * Slows password guessing. Every attempt counts as a failure the moment it starts, before any
 * password is hashed, and synchronously: parallel requests each see the ones before them, so 40 at
 * once are not all checked. A success takes its own attempt back.
 * - Per address: past FREE_ADDRESS_FAILURES failures in the window it backs off, ADDRESS_BACKOFF_MS
 *   after its latest failure, doubling with each further one (to MAX_ADDRESS_BACKOFF_MS); attempts
 *   meanwhile are refused unchecked.
 * - Per account: never blocked (an attacker elsewhere must not lock the real user out); past
 *   FREE_ACCOUNT_FAILURES failures each attempt waits, doubling from 1 s to MAX_ACCOUNT_DELAY_MS.
 * In memory: a restart clears it, which is acceptable for a per-process brake.
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

  /** Starts an attempt: counts it (for the account and the address) unless the address must wait. */
  begin(email: string, address: string): LoginAttempt {
    const now = this.now()
    const byAddress = this.recent(addressKey(address))
    if (byAddress.length >= FREE_ADDRESS_FAILURES) {
      const backoff = Math.min(ADDRESS_BACKOFF_MS * 2 ** (byAddress.length - FREE_ADDRESS_FAILURES), MAX_ADDRESS_BACKOFF_MS)
      const until = Math.max(...byAddress) + backoff
      if (now < until) return { ok: false, retryAfterMs: until - now }
    }
    const byAccount = this.recent(accountKey(email))
    const delayMs = byAccount.length >= FREE_ACCOUNT_FAILURES ? Math.min(1000 * 2 ** (byAccount.length - FREE_ACCOUNT_FAILURES), MAX_ACCOUNT_DELAY_MS) : 0
    this.failures.set(addressKey(address), [...byAddress, now])
    this.failures.set(accountKey(email), [...byAccount, now])
    return { ok: true, delayMs }
  }

  /** The attempt succeeded: the account starts afresh and the address gets its attempt back. */
  succeeded(email: string, address: string): void {
    this.failures.delete(accountKey(email))
    const byAddress = this.recent(addressKey(address))
    byAddress.pop()
    if (byAddress.length) this.failures.set(addressKey(address), byAddress)
    else this.failures.delete(addressKey(address))
  }
}

const accountKey = (email: string) => `e:${email.trim().toLowerCase()}`
const addressKey = (address: string) => `a:${address}`
