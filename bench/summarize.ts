/** Percentiles (nearest rank) and the like of a sample, rounded for the report. */
export interface Summary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN }
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
  const round = (x: number) => Math.round(x * 10) / 10
  let sum = 0
  for (const v of sorted) sum += v
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]), mean: round(sum / sorted.length) }
}
