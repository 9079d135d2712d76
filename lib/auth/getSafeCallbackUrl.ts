/** Any origin will do: it only tells a path on this site from one that leaves it. */
const PROBE_ORIGIN = 'http://journey-board.invalid'

/**
 * The path to follow after sign-in: a same-origin path (with query and hash), or '/' for anything
 * else. Browsers read `/\example.com` and `/<tab>/example.com` as `//example.com` (backslash as
 * slash, tabs and newlines dropped), so the value is judged the way a browser's URL parser reads
 * it, not by its first characters. Absolute URLs on `origin` are reduced to their path.
 */
export function getSafeCallbackUrl(raw: string | null | undefined, origin?: string): string {
  if (!raw) return '/'
  let candidate = raw
  if (origin && raw.startsWith(origin + '/')) candidate = raw.slice(origin.length)
  if (!candidate.startsWith('/')) return '/'
  let url: URL
  try {
    url = new URL(candidate, PROBE_ORIGIN)
  } catch {
    return '/'
  }
  if (url.origin !== PROBE_ORIGIN) return '/'
  const path = url.pathname + url.search + url.hash
  // The path as read must itself be read the same way again (no "//" that a later parse would
  // take for a host).
  return path.startsWith('//') ? '/' : path
}
