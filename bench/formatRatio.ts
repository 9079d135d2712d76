/**
 * ours / reference, with both first raised to `floor`: below a few ms, latency is timer and
 * scheduling noise, and 1 ms against 2 ms is not "twice as slow". Undefined when either is missing
 * or the reference is 0.
 */
export function getRatio(ours: number | undefined, reference: number | undefined, floor = 0): number | undefined {
  if (ours === undefined || reference === undefined || Number.isNaN(ours) || Number.isNaN(reference)) return undefined
  const below = Math.max(reference, floor)
  return below > 0 ? Math.max(ours, floor) / below : undefined
}

/** A ratio as the tables print it: "1.23x"; two significant digits below 0.1 ("0.0034x"); "–" when there is none. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '–'
  return `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}x`
}
