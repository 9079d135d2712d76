import { describe, expect, it } from 'vitest'
import { findFreeNoteSpot } from './findFreeNoteSpot'
import { NOTE_CELL_MARGIN, NOTE_GAP } from './journeyToRecords'

const cell = { x: 1000, y: 500, w: 520, h: 460 }
const note = (x: number, y: number) => ({ x, y, w: 200, h: 200 })

describe('findFreeNoteSpot', () => {
  it('puts the first note in the top-left slot of an empty cell', () => {
    expect(findFreeNoteSpot(cell, [], 200)).toEqual({ x: 1000 + NOTE_CELL_MARGIN, y: 500 + NOTE_CELL_MARGIN })
  })

  it('takes the next free slot, row by row, ignoring notes of other cells', () => {
    const first = note(1020, 520)
    const elsewhere = note(1020 + 200 + NOTE_GAP - 600, 520)
    expect(findFreeNoteSpot(cell, [first, elsewhere], 200)).toEqual({ x: 1020 + 200 + NOTE_GAP, y: 520 })
    const second = note(1240, 520)
    expect(findFreeNoteSpot(cell, [first, second], 200)).toEqual({ x: 1020, y: 520 + 200 + NOTE_GAP })
  })

  it('in a full cell, goes over the least covered slot with its centre inside the cell', () => {
    const full = [note(1020, 520), note(1240, 520), note(1020, 740), note(1240, 750)]
    const spot = findFreeNoteSpot(cell, full, 200)
    expect(spot).toEqual({ x: 1240, y: 740 })
    expect(spot.x + 100).toBeLessThan(cell.x + cell.w)
    expect(spot.y + 100).toBeLessThan(cell.y + cell.h)
  })

  it('a note moved aside frees its slot', () => {
    expect(findFreeNoteSpot(cell, [note(1300, 900)], 200)).toEqual({ x: 1020, y: 520 })
  })

  it('centres the note on a cell smaller than a note', () => {
    expect(findFreeNoteSpot({ x: 0, y: 0, w: 100, h: 100 }, [], 200)).toEqual({ x: -50, y: -50 })
  })
})
