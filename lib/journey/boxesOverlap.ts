import type { Box } from './getClippedArea'

/** Whether two axis-aligned boxes share area (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY
}
