import { describe, expect, it } from 'vitest'
import { partitionDenseNotes } from './partitionDenseNotes'

type Box = { minX: number; minY: number; maxX: number; maxY: number }
type Entry = { id: string; shape: { type: string }; flat: boolean; index: number; box?: Box; nested?: boolean }
let nextIndex = 0
const at = (x: number, y: number, w = 200, h = 200): Box => ({ minX: x, minY: y, maxX: x + w, maxY: y + h })
const note = (id: string, flat = true, more: Partial<Entry> = {}): Entry => ({ id, shape: { type: 'note' }, flat, index: nextIndex++, ...more })
const other = (id: string, more: Partial<Entry> = {}): Entry => ({ id, shape: { type: 'geo' }, flat: true, index: nextIndex++, ...more })
const ids = (entries: Entry[]) => entries.map((e) => e.id)

const partition = (shapes: Entry[], over: { notVisible?: string[]; keepMounted?: string[]; mountedBeforeMove?: string[] } = {}) =>
  partitionDenseNotes({
    shapes,
    notVisible: new Set(over.notVisible),
    keepMounted: new Set(over.keepMounted),
    isFlat: (e) => e.flat,
    mountedBeforeMove: over.mountedBeforeMove && new Set(over.mountedBeforeMove),
    isNested: (e) => !!e.nested,
    getBounds: (e) => e.box,
    isBackdrop: (e) => e.id.startsWith('grid'),
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

  it('lists drawn notes bottom first, whatever order tldraw lists them in (it sorts by id)', () => {
    const [low, mid, high] = [note('z-low'), note('a-mid'), note('m-high')]
    const byId = [mid, high, low]
    expect(ids(partition(byId).drawn)).toEqual(['z-low', 'a-mid', 'm-high'])
  })

  it('keeps notes in a frame or group as shapes', () => {
    const result = partition([note('loose'), note('inFrame', true, { nested: true })])
    expect(ids(result.mounted)).toEqual(['inFrame'])
    expect(ids(result.drawn)).toEqual(['loose'])
  })

  it('keeps a note as a shape when a shape above the canvas but below the note overlaps it', () => {
    // The canvas would sit at note a's z-index, under the frame-like shape; note c lies on that shape.
    const shapes = [other('grid', { box: at(0, 0, 5000, 5000) }), note('a', true, { box: at(0, 0) }), other('panel', { box: at(1000, 0, 600, 600) }), note('b', true, { box: at(300, 0) }), note('c', true, { box: at(1100, 100) })]
    const result = partition(shapes)
    expect(ids(result.drawn)).toEqual(['a', 'b'])
    expect(ids(result.mounted)).toEqual(['grid', 'panel', 'c'])
  })

  it('puts the canvas above the grid, even where the grid is ordered among the notes', () => {
    const shapes = [note('a', true, { box: at(0, 0) }), other('grid-lane', { box: at(0, 0, 5000, 300) }), note('b', true, { box: at(300, 0) })]
    const result = partition(shapes)
    expect(ids(result.drawn)).toEqual(['a', 'b'])
    expect(result.canvasIndex).toBe(shapes[1].index + 1)
  })

  it('draws notes under a shape made after them (it stays above the canvas)', () => {
    const shapes = [note('a', true, { box: at(0, 0) }), note('b', true, { box: at(100, 0) }), other('arrow', { box: at(50, 50, 100, 100) })]
    expect(ids(partition(shapes).drawn)).toEqual(['a', 'b'])
  })
})
