import type { Point } from './buildPageTransforms'
import { getClippedArea } from './getClippedArea'

/** A closed interval along one axis: a stage column (x) or a lane row (y), in page units. */
export interface Span {
  start: number
  end: number
}

export type CellLocation = { column: number; row: number } | { reason: 'outside-grid' | 'unknown-cell' }

/** Areas closer than this fraction of the larger one count as equal (a note centred on a border). */
const AREA_TIE_RATIO = 1e-9

/**
 * An index over the grid's columns and rows for placing notes. Columns and rows must be sorted by
 * `start`; they may overlap or leave gaps (headers moved by hand). `locate` finds the cell whose
 * closed rectangle contains a note's centre: binary search per axis, so a board costs
 * O(notes · log(stages + lanes)). When the centre lies in several cells (exactly on a border, or
 * where headers overlap), the cell holding most of the note's area wins; equal areas go to the
 * earlier stage, then the earlier lane.
 */
export function buildCellIndex(columns: readonly Span[], rows: readonly Span[]) {
  const columnAxis = buildAxis(columns)
  const rowAxis = buildAxis(rows)
  return {
    /**
     * The cell of a note with this page-space centre; `getPolygon` gives its corners and is only
     * called when the centre lies in more than one cell.
     */
    locate(centre: Point, getPolygon: () => readonly Point[]): CellLocation {
      const cols = columnAxis.find(centre.x)
      const rws = rowAxis.find(centre.y)
      if (cols.length === 0 || rws.length === 0) {
        return columnAxis.spans(centre.x) && rowAxis.spans(centre.y) ? { reason: 'unknown-cell' } : { reason: 'outside-grid' }
      }
      if (cols.length === 1 && rws.length === 1) return { column: cols[0], row: rws[0] }
      const polygon = getPolygon()
      let best = { column: cols[0], row: rws[0] }
      let bestArea = -1
      for (const column of cols) {
        for (const row of rws) {
          const area = getClippedArea(polygon, {
            minX: columns[column].start,
            maxX: columns[column].end,
            minY: rows[row].start,
            maxY: rows[row].end,
          })
          if (area > bestArea + AREA_TIE_RATIO * Math.max(area, bestArea)) {
            best = { column, row }
            bestArea = area
          }
        }
      }
      return best
    },
  }
}

function buildAxis(spans: readonly Span[]) {
  const starts = spans.map((s) => s.start)
  // maxEnd[i]: the furthest end among spans 0..i, so a backwards scan can stop early.
  const maxEnd: number[] = []
  spans.forEach((s, i) => maxEnd.push(i === 0 ? s.end : Math.max(maxEnd[i - 1], s.end)))
  const min = spans.length ? Math.min(...starts) : Infinity
  const max = spans.length ? maxEnd[maxEnd.length - 1] : -Infinity
  return {
    /** Indexes (ascending) of the spans containing v. */
    find(v: number): number[] {
      let lo = 0
      let hi = spans.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (starts[mid] <= v) lo = mid + 1
        else hi = mid
      }
      const found: number[] = []
      for (let i = lo - 1; i >= 0 && maxEnd[i] >= v; i--) if (spans[i].end >= v) found.push(i)
      return found.reverse()
    },
    /** Whether v lies within the outer extent of all spans. */
    spans(v: number): boolean {
      return v >= min && v <= max
    },
  }
}
