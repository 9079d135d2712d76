import { NOTE_CELL_MARGIN, NOTE_GAP } from './journeyToRecords'

/** A page-space rectangle, in tldraw units. */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/**
 * Where a new note of `noteSize` goes in `cell` (page space) so that it covers none of `taken`: the
 * first free slot of the cell's grid of note-sized slots, row by row, left to right. When every slot
 * is covered, the note goes over the slot that overlaps least, with its centre still in the cell
 * (the journey reads a note's cell from its centre, so it lands in this cell whatever covers it).
 * A cell smaller than a note gets the note centred on it. Returns the note's top-left corner.
 */
export function findFreeNoteSpot(cell: Box, taken: readonly Box[], noteSize: number): { x: number; y: number } {
  const step = noteSize + NOTE_GAP
  const columns = Math.max(1, Math.floor((cell.w - 2 * NOTE_CELL_MARGIN + NOTE_GAP) / step))
  const rows = Math.max(1, Math.floor((cell.h - 2 * NOTE_CELL_MARGIN + NOTE_GAP) / step))
  if (cell.w < noteSize + 2 * NOTE_CELL_MARGIN && cell.h < noteSize + 2 * NOTE_CELL_MARGIN) {
    return { x: cell.x + (cell.w - noteSize) / 2, y: cell.y + (cell.h - noteSize) / 2 }
  }
  const near = taken.filter((box) => overlaps(box, cell))
  let best: { x: number; y: number; covered: number } | undefined
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const slot = { x: cell.x + NOTE_CELL_MARGIN + column * step, y: cell.y + NOTE_CELL_MARGIN + row * step, w: noteSize, h: noteSize }
      const covered = near.reduce((sum, box) => sum + overlapArea(slot, box), 0)
      if (covered === 0) return { x: slot.x, y: slot.y }
      if (!best || covered < best.covered) best = { x: slot.x, y: slot.y, covered }
    }
  }
  return { x: best!.x, y: best!.y }
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}
