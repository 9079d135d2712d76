/**
 * `next`, with every part that is deep-equal to the same part of `previous` taken from `previous`;
 * `previous` itself when the two are deep-equal. For JSON values (records as the Yjs document holds
 * them); neither argument is modified.
 *
 * A record read from the Yjs document is a new object at every change, all the way down. tldraw
 * keys its caches on identity: a shape's geometry is recomputed when `props` is a new object, a
 * note's label is re-measured for a new record, its text re-rendered for a new `richText`, and the
 * shape component re-renders for new `props` or `meta`. Keeping the unchanged parts makes a remote
 * move cost what a local one does.
 */
export function reuseUnchangedParts<T>(previous: T, next: T): T {
  if (Object.is(previous, next)) return previous
  if (typeof previous !== 'object' || typeof next !== 'object' || previous === null || next === null) return next
  if (Array.isArray(previous) !== Array.isArray(next)) return next
  if (Array.isArray(previous)) {
    const before = previous as unknown[]
    const after = next as unknown[]
    let same = before.length === after.length
    const merged = after.map((value, i) => {
      const kept = i < before.length ? reuseUnchangedParts(before[i], value) : value
      if (kept !== before[i]) same = false
      return kept
    })
    return (same ? previous : merged) as T
  }
  const before = previous as Record<string, unknown>
  const after = next as Record<string, unknown>
  let same = Object.keys(before).length === Object.keys(after).length
  const merged: Record<string, unknown> = {}
  for (const key of Object.keys(after)) {
    const had = Object.prototype.hasOwnProperty.call(before, key)
    const kept = had ? reuseUnchangedParts(before[key], after[key]) : after[key]
    if (!had || kept !== before[key]) same = false
    merged[key] = kept
  }
  return (same ? previous : merged) as T
}
