/**
 * Whether an error means the database cannot be used right now (disk full, I/O error, lost or
 * refused connection, server shutting down): an outage, answered with 503 and a retry hint, as
 * opposed to a bug or a bad request. Constraint violations and syntax errors are not outages.
 */
export function isStorageFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  if (typeof code !== 'string') return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(String((err as Error).message ?? ''))
  // better-sqlite3: the outage family of SQLite result codes (SQLITE_FULL, SQLITE_IOERR_WRITE, …).
  if (/^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY|NOMEM|PROTOCOL)/.test(code)) return true
  // PostgreSQL SQLSTATE classes 08 connection, 53 insufficient resources, 57 operator intervention,
  // 58 system error; and the socket errors of a database that is gone.
  if (/^(08|53|57|58)[0-9A-Z]{3}$/.test(code)) return true
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EIO'].includes(code)
}
