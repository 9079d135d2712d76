import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { OverviewNotePaint, OverviewView } from './drawOverviewNote'
import { getPixelBox, paintOverviewNotes, type OverviewNoteInput, type OverviewPaintContext, type OverviewPaintState } from './paintOverviewNotes'

/**
 * A tiny rasteriser: a pixel is covered by a rectangle when its centre is inside (axis-aligned
 * transforms only), clipping and save/restore as in a 2D canvas. A translucent fill is recorded on
 * top of what was there, so painting order shows in the pixels as blending does. It has no
 * anti-aliasing, so the pixel of margin the dirty boxes keep for soft edges, and rotated notes, are
 * checked by getPixelBox's own tests, not by the comparison with a full repaint.
 */
class RasterContext implements OverviewPaintContext {
  pixels: string[]
  fillStyle: string | CanvasGradient | CanvasPattern = ''
  globalAlpha = 1
  calls: string[] = []
  private m = [1, 0, 0, 1, 0, 0]
  private clipRects: number[][] | undefined
  private path: number[][] = []
  private saved: { m: number[]; clip: number[][] | undefined; alpha: number }[] = []

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Array(width * height).fill('')
  }
  save() {
    this.saved.push({ m: this.m, clip: this.clipRects, alpha: this.globalAlpha })
  }
  restore() {
    const s = this.saved.pop()!
    this.m = s.m
    this.clipRects = s.clip
    this.globalAlpha = s.alpha
  }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number) {
    if (b !== 0 || c !== 0) throw new Error('the raster test context draws axis-aligned rectangles only')
    this.m = [a, b, c, d, e, f]
  }
  beginPath() {
    this.path = []
  }
  rect(x: number, y: number, w: number, h: number) {
    this.path.push(this.toDevice(x, y, w, h))
  }
  clip() {
    this.clipRects = this.path
  }
  clearRect(x: number, y: number, w: number, h: number) {
    this.calls.push('clear')
    this.cover(this.toDevice(x, y, w, h), () => '')
  }
  fillRect(x: number, y: number, w: number, h: number) {
    this.calls.push(`fill ${String(this.fillStyle)}`)
    const fill = String(this.fillStyle)
    const alpha = this.globalAlpha
    this.cover(this.toDevice(x, y, w, h), (before) => (alpha === 1 ? fill : `${before}+${fill}@${alpha}`))
  }
  private toDevice(x: number, y: number, w: number, h: number): number[] {
    const [a, , , d, e, f] = this.m
    const xs = [a * x + e, a * (x + w) + e]
    const ys = [d * y + f, d * (y + h) + f]
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
  }
  private cover([x0, y0, x1, y1]: number[], paint: (before: string) => string) {
    for (let j = 0; j < this.height; j++) {
      for (let i = 0; i < this.width; i++) {
        const cx = i + 0.5
        const cy = j + 0.5
        if (cx < x0 || cx >= x1 || cy < y0 || cy >= y1) continue
        if (this.clipRects && !this.clipRects.some(([a, b, c, d]) => cx >= a && cx < c && cy >= b && cy < d)) continue
        this.pixels[j * this.width + i] = paint(this.pixels[j * this.width + i])
      }
    }
  }
}

interface TestNote {
  x: number
  y: number
  w: number
  h: number
  fill: string
  shadow: boolean
}

/** What tldraw gives besides the record: opacity (from parents) and border (from zoom). */
type Looks = Map<string, { opacity: number; border: boolean }>

const CANVAS = { width: 64, height: 48 }
const VIEW: OverviewView = { pixelsPerUnit: 0.5, offsetX: 3, offsetY: -2 }

function paintRequest(notes: Map<string, TestNote>, order: string[], viewKey = 'view', described: string[] = [], looks: Looks = new Map()) {
  const inputs: OverviewNoteInput<string, TestNote>[] = order.map((id) => ({ id, record: notes.get(id)!, opacity: looks.get(id)?.opacity ?? 1, border: looks.get(id)?.border ?? false }))
  return {
    canvas: CANVAS,
    view: VIEW,
    viewKey,
    notes: inputs,
    describe: (note: OverviewNoteInput<string, TestNote>) => {
      described.push(note.id)
      const n = note.record
      const paint: OverviewNotePaint = {
        width: n.w,
        height: n.h,
        fill: n.fill,
        shadow: n.shadow && !note.border ? { color: 'shade', offset: 3 } : undefined,
        border: note.border ? { color: 'edge', width: 2 } : undefined,
        lines: { left: 2, top: 2, width: n.w - 4, count: 2, pitch: 6, barHeight: 3, color: 'ink' },
      }
      return { paint, transform: { a: 1, b: 0, c: 0, d: 1, e: n.x, f: n.y } }
    },
  }
}

function fullPaint(notes: Map<string, TestNote>, order: string[], looks?: Looks): string[] {
  const ctx = new RasterContext(CANVAS.width, CANVAS.height)
  paintOverviewNotes(ctx, paintRequest(notes, order, 'view', [], looks), undefined)
  return ctx.pixels
}

const note = (x: number, y: number, fill: string, shadow = false): TestNote => ({ x, y, w: 20, h: 16, fill, shadow })

describe('paintOverviewNotes', () => {
  it('paints every note on the first paint, and nothing when nothing changed', () => {
    const notes = new Map([['a', note(0, 0, 'yellow')], ['b', note(60, 20, 'blue')]])
    const ctx = new RasterContext(CANVAS.width, CANVAS.height)
    const first = paintOverviewNotes(ctx, paintRequest(notes, ['a', 'b']), undefined)
    expect(first.repaint).toBe('full')
    expect(ctx.pixels).toContain('yellow')
    expect(ctx.pixels).toContain('blue')
    ctx.calls = []
    const described: string[] = []
    const second = paintOverviewNotes(ctx, paintRequest(notes, ['a', 'b'], 'view', described), first.state)
    expect(second.repaint).toBe('none')
    expect(ctx.calls).toEqual([])
    expect(described).toEqual([])
  })

  it('repaints only where a note moved, with the notes overlapping there, and asks only about the moved note', () => {
    // Three notes in a row, far apart; c overlaps b's old place.
    const notes = new Map([['a', note(0, 0, 'yellow')], ['b', note(40, 0, 'blue')], ['c', note(50, 10, 'green')], ['d', note(100, 60, 'pink')]])
    const ctx = new RasterContext(CANVAS.width, CANVAS.height)
    const first = paintOverviewNotes(ctx, paintRequest(notes, ['a', 'b', 'c', 'd']), undefined)
    notes.set('b', note(40, 50, 'blue'))
    ctx.calls = []
    const described: string[] = []
    const second = paintOverviewNotes(ctx, paintRequest(notes, ['a', 'b', 'c', 'd'], 'view', described), first.state)
    expect(described).toEqual(['b'])
    expect(second.repaint).toHaveLength(2)
    // b (moved) and c (overlapping b's old place) are painted again; a and d are not.
    expect(ctx.calls.filter((c) => c.startsWith('fill') && !['fill ink'].includes(c))).toEqual(['fill blue', 'fill green'])
    expect(ctx.pixels).toEqual(fullPaint(notes, ['a', 'b', 'c', 'd']))
  })

  it('clears where a note was removed', () => {
    const notes = new Map([['a', note(0, 0, 'yellow')], ['b', note(8, 6, 'blue', true)]])
    const ctx = new RasterContext(CANVAS.width, CANVAS.height)
    const first = paintOverviewNotes(ctx, paintRequest(notes, ['a', 'b']), undefined)
    notes.delete('b')
    paintOverviewNotes(ctx, paintRequest(notes, ['a']), first.state)
    expect(ctx.pixels).toEqual(fullPaint(notes, ['a']))
    expect(ctx.pixels).not.toContain('blue')
  })

  it('repaints everything when the view changes or too much changed', () => {
    const notes = new Map(Array.from({ length: 70 }, (_, i) => [`n${i}`, note((i % 10) * 12, Math.floor(i / 10) * 12, 'yellow')] as const))
    const order = [...notes.keys()]
    const ctx = new RasterContext(CANVAS.width, CANVAS.height)
    const first = paintOverviewNotes(ctx, paintRequest(notes, order), undefined)
    const described: string[] = []
    const zoomed = paintOverviewNotes(ctx, paintRequest(notes, order, 'zoomed', described), first.state)
    expect(zoomed.repaint).toBe('full')
    expect(described).toHaveLength(70)
    // A few changes in the same view: only those places.
    for (const id of order.slice(0, 3)) notes.set(id, { ...notes.get(id)!, fill: 'green' })
    const few = paintOverviewNotes(ctx, paintRequest(notes, order, 'zoomed'), zoomed.state)
    expect(few.repaint).toHaveLength(6)
    // Every note changed in the same view: one full repaint is cheaper than 140 areas.
    for (const id of order) notes.set(id, { ...notes.get(id)!, fill: 'blue' })
    expect(paintOverviewNotes(ctx, paintRequest(notes, order, 'zoomed'), few.state).repaint).toBe('full')
    expect(ctx.pixels).toEqual(fullPaint(notes, order))
  })

  // 200 pixel-compared runs take ~2 s alone and more on a loaded 2-core machine: a correctness
  // test, not a speed one, so it gets room beyond vitest's 5 s default.
  it('leaves the same pixels as a full repaint after any changes (moves, recolours, removals, additions, reordering)', () => {
    const arbNote = fc.record({
      x: fc.integer({ min: -20, max: 130 }),
      y: fc.integer({ min: -20, max: 100 }),
      w: fc.integer({ min: 1, max: 40 }),
      h: fc.integer({ min: 1, max: 40 }),
      fill: fc.constantFrom('yellow', 'blue', 'green'),
      shadow: fc.boolean(),
    })
    const arbLooks = fc.record({ opacity: fc.constantFrom(1, 0.5), border: fc.boolean() })
    const arbStep = fc.record({
      changes: fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.option(arbNote)), { maxLength: 5 }),
      // Opacity or border changing while the record stays the same object.
      restyle: fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), arbLooks), { maxLength: 3 }),
      swap: fc.option(fc.tuple(fc.nat(), fc.nat())),
    })
    fc.assert(
      fc.property(fc.array(arbNote, { minLength: 1, maxLength: 12 }), fc.array(arbStep, { minLength: 1, maxLength: 4 }), (initial, steps) => {
        const notes = new Map(initial.map((n, i) => [`n${i}`, n]))
        const looks: Looks = new Map()
        let order = [...notes.keys()]
        const ctx = new RasterContext(CANVAS.width, CANVAS.height)
        let state: OverviewPaintState<string, TestNote> | undefined = paintOverviewNotes(ctx, paintRequest(notes, order), undefined).state
        for (const step of steps) {
          for (const [slot, look] of step.restyle) looks.set(`n${slot}`, look)
          for (const [slot, next] of step.changes) {
            const id = `n${slot}`
            if (next === null) notes.delete(id)
            else notes.set(id, next)
          }
          order = [...order.filter((id) => notes.has(id)), ...[...notes.keys()].filter((id) => !order.includes(id))]
          if (step.swap && order.length > 1) {
            const [i, j] = [step.swap[0] % order.length, step.swap[1] % order.length]
            ;[order[i], order[j]] = [order[j], order[i]]
            // A note's order is part of its record in tldraw: a reordered note is a changed record.
            notes.set(order[i], { ...notes.get(order[i])! })
            notes.set(order[j], { ...notes.get(order[j])! })
          }
          state = paintOverviewNotes(ctx, paintRequest(notes, order, 'view', [], looks), state).state
          expect(ctx.pixels).toEqual(fullPaint(notes, order, looks))
        }
      }),
      { numRuns: 200 },
    )
  }, 60_000)
})

describe('getPixelBox', () => {
  it('covers the body and the shadow below it, rounded out with a pixel for anti-aliasing', () => {
    const paint: OverviewNotePaint = { width: 20, height: 10, fill: 'x', shadow: { color: 's', offset: 3 } }
    expect(getPixelBox(paint, { a: 1, b: 0, c: 0, d: 1, e: 10.2, f: 4 }, { pixelsPerUnit: 2, offsetX: 1, offsetY: 0 })).toEqual({ minX: 20, minY: 7, maxX: 63, maxY: 35 })
  })

  it('covers a rotated note', () => {
    const paint: OverviewNotePaint = { width: 10, height: 20, fill: 'x' }
    // A quarter turn: x' = -y + 30, y' = x.
    expect(getPixelBox(paint, { a: 0, b: 1, c: -1, d: 0, e: 30, f: 0 }, { pixelsPerUnit: 1, offsetX: 0, offsetY: 0 })).toEqual({ minX: 9, minY: -1, maxX: 31, maxY: 11 })
  })
})
