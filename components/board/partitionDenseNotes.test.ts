import { describe, expect, it } from 'vitest'
import { partitionDenseNotes } from './partitionDenseNotes'

type Entry = { id: string; shape: { type: string }; flat: boolean }
const note = (id: string, flat = true): Entry => ({ id, shape: { type: 'note' }, flat })
const other = (id: string): Entry => ({ id, shape: { type: 'geo' }, flat: true })
const ids = (entries: Entry[]) => entries.map((e) => e.id)

const partition = (shapes: Entry[], over: { notVisible?: string[]; keepMounted?: string[]; mountedBeforeMove?: string[] } = {}) =>
  partitionDenseNotes({
    shapes,
    notVisible: new Set(over.notVisible),
    keepMounted: new Set(over.keepMounted),
    isFlat: (e) => e.flat,
    mountedBeforeMove: over.mountedBeforeMove && new Set(over.mountedBeforeMove),
  })

describe('partitionDenseNotes', () => {
  it('draws flat notes in view, mounts the others, and leaves out notes out of view', () => {
    const result = partition([other('grid'), note('a'), note('b', false), note('c'), note('d', false)], { notVisible: ['c', 'd'] })
    expect(ids(result.mounted)).toEqual(['grid', 'b'])
    expect(ids(result.drawn)).toEqual(['a'])
  })

  it('keeps shapes that are not notes even out of view (tldraw culls those itself)', () => {
    expect(ids(partition([other('grid')], { notVisible: ['grid'] }).mounted)).toEqual(['grid'])
  })

  it('keeps selected, edited or hovered notes mounted, in view or not', () => {
    const result = partition([note('a'), note('b'), note('c')], { keepMounted: ['a', 'c'], notVisible: ['c'] })
    expect(ids(result.mounted)).toEqual(['a', 'c'])
    expect(ids(result.drawn)).toEqual(['b'])
  })

  it('while the camera moves, draws notes that come into view instead of mounting them', () => {
    const result = partition([note('was', false), note('new', false), note('flat')], { mountedBeforeMove: ['was', 'flat'] })
    expect(ids(result.mounted)).toEqual(['was'])
    // A flat note is drawn even if it was mounted: it looks the same, and costs nothing as a drawing.
    expect(ids(result.drawn)).toEqual(['new', 'flat'])
  })

  it('keeps the z-order of the page in both lists', () => {
    const shapes = [note('n3'), other('g1'), note('n1', false), note('n2'), other('g2')]
    const result = partition(shapes)
    expect(ids(result.mounted)).toEqual(['g1', 'n1', 'g2'])
    expect(ids(result.drawn)).toEqual(['n3', 'n2'])
  })
})
