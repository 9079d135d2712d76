import { CloseReason } from '../../lib/collab/closeReasons'

export interface ConnectionLimitSettings {
  /** Open sync connections one board may have (MAX_CONNECTIONS_PER_BOARD). */
  maxConnectionsPerBoard: number
  /** Open sync connections one account or sync token may have (MAX_CONNECTIONS_PER_USER). */
  maxConnectionsPerUser: number
  /**
   * Open sync connections from one address (MAX_CONNECTIONS_PER_IP): a backstop only, set high,
   * because a whole office behind one NAT shares an address.
   */
  maxConnectionsPerIp: number
  /** Upgrades from one address still being authenticated (MAX_PENDING_CONNECTIONS_PER_IP). */
  maxPendingPerIp: number
}

/** Who an authenticated connection counts against: its board, its account or token, its address. */
export interface ConnectionKeys {
  boardId: string
  /** The account's user id, or a token's identity when it has none. */
  principal: string
  address: string
}

export interface LimitRefusal {
  code: number
  reason: string
}

/**
 * Counts sync connections so that no one party can take a board's or the server's capacity.
 *
 * Unauthenticated upgrades are limited per address: they are cheap to open and cost a token or
 * cookie check each. Authenticated ones are limited per account (or token) and per board, so that
 * 300 workshop guests behind one office NAT get in while one account cannot open thousands.
 */
export class ConnectionLimits {
  private readonly pending = new Counter()
  private readonly perBoard = new Counter()
  private readonly perPrincipal = new Counter()
  private readonly perAddress = new Counter()

  constructor(private readonly settings: ConnectionLimitSettings) {}

  /**
   * Counts an upgrade that is not authenticated yet. Returns a release function, or a refusal
   * when its address has too many in flight.
   */
  beginPending(address: string): (() => void) | LimitRefusal {
    if (this.pending.get(address) >= this.settings.maxPendingPerIp) {
      return { code: CloseReason.TOO_MANY_CONNECTIONS, reason: 'too many connections being opened from this address' }
    }
    this.pending.add(address)
    return once(() => this.pending.remove(address))
  }

  /** Why an authenticated connection may not open now, or undefined when it may. */
  check(keys: ConnectionKeys): LimitRefusal | undefined {
    const { settings } = this
    if (this.perBoard.get(keys.boardId) >= settings.maxConnectionsPerBoard) return { code: CloseReason.TOO_MANY_CONNECTIONS, reason: 'too many connections to this board' }
    if (this.perPrincipal.get(keys.principal) >= settings.maxConnectionsPerUser) return { code: CloseReason.TOO_MANY_CONNECTIONS, reason: 'too many connections for this account' }
    if (this.perAddress.get(keys.address) >= settings.maxConnectionsPerIp) return { code: CloseReason.TOO_MANY_CONNECTIONS, reason: 'too many connections from this address' }
    return undefined
  }

  /** Counts an open connection; the returned function uncounts it (once). */
  open(keys: ConnectionKeys): () => void {
    this.perBoard.add(keys.boardId)
    this.perPrincipal.add(keys.principal)
    this.perAddress.add(keys.address)
    return once(() => {
      this.perBoard.remove(keys.boardId)
      this.perPrincipal.remove(keys.principal)
      this.perAddress.remove(keys.address)
    })
  }
}

/** Counts per key; a key whose count drops to zero is forgotten, so the map cannot grow without bound. */
class Counter {
  private readonly counts = new Map<string, number>()

  get(key: string): number {
    return this.counts.get(key) ?? 0
  }

  add(key: string): void {
    this.counts.set(key, this.get(key) + 1)
  }

  remove(key: string): void {
    const n = this.get(key) - 1
    if (n <= 0) this.counts.delete(key)
    else this.counts.set(key, n)
  }
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    fn()
  }
}
