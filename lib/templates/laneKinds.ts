/** What a lane holds; exports and the coverage check use it (e.g. "no pain point in this stage"). */
export const LANE_KINDS = [
  'actions',
  'touchpoints',
  'thoughts',
  'emotions',
  'painPoints',
  'drivers',
  'opportunities',
  'kpis',
  'custom',
] as const

export type LaneKind = (typeof LANE_KINDS)[number]

export function isLaneKind(value: unknown): value is LaneKind {
  return typeof value === 'string' && (LANE_KINDS as readonly string[]).includes(value)
}
