/**
 * A connection URL (database, Redis) fit to print or log: its password replaced by `***`. A value
 * that is not a URL is not echoed at all; `name` (the variable it came from) stands in for it.
 */
export function redactUrl(url: string, name: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return name
  }
}
