import { describe, expect, it } from 'vitest'
import { drawOverviewNote, type OverviewCanvasContext, type OverviewNotePaint } from './drawOverviewNote'
import { GREEKED_LINE_OPACITY } from './getGreekedTextBox'

/** A context that records what was drawn, with the fill and alpha in force for each rectangle. */
function recordingContext() {
  const calls: { transform: number[]; rect: number[]; fill: string; alpha: number }[] = []
  let transform: number[] = []
  const ctx: OverviewCanvasContext = {
    fillStyle: '',
    globalAlpha: 1,
    setTransform: (...m: number[]) => void (transform = m),
    fillRect: (...rect: number[]) => void calls.push({ transform, rect, fill: String(ctx.fillStyle), alpha: ctx.globalAlpha }),
  }
  return { ctx, calls }
}

const identity = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }
const body: OverviewNotePaint = { width: 200, height: 220, fill: '#fce19c' }

describe('drawOverviewNote', () => {
  it('maps page units to canvas pixels through the note transform and the camera', () => {
    const { ctx, calls } = recordingContext()
    // Note at page (100, 50); camera at zoom 0.25 on a 2x screen, viewport corner at page (-40, -20).
    drawOverviewNote(ctx, body, { ...identity, e: 100, f: 50 }, { pixelsPerUnit: 0.5, offsetX: 20, offsetY: 10 }, 1)
    expect(calls).toEqual([{ transform: [0.5, 0, 0, 0.5, 70, 35], rect: [0, 0, 200, 220], fill: '#fce19c', alpha: 1 }])
  })

  it('keeps a rotated note rotated', () => {
    const { ctx, calls } = recordingContext()
    const quarterTurn = { a: 0, b: 1, c: -1, d: 0, e: 10, f: 0 }
    drawOverviewNote(ctx, body, quarterTurn, { pixelsPerUnit: 2, offsetX: 0, offsetY: 0 }, 1)
    expect(calls[0].transform).toEqual([0, 2, -2, 0, 20, 0])
  })

  it('draws the border over the body, or the shadow under it', () => {
    const withBorder = recordingContext()
    drawOverviewNote(withBorder.ctx, { ...body, border: { color: '#333', width: 2 } }, identity, { pixelsPerUnit: 1, offsetX: 0, offsetY: 0 }, 1)
    expect(withBorder.calls.map((c) => [c.fill, ...c.rect])).toEqual([
      ['#fce19c', 0, 0, 200, 220],
      ['#333', 0, 218, 200, 2],
    ])
    const withShadow = recordingContext()
    drawOverviewNote(withShadow.ctx, { ...body, shadow: { color: 'rgba(0,0,0,0.2)', offset: 3 } }, identity, { pixelsPerUnit: 1, offsetX: 0, offsetY: 0 }, 1)
    expect(withShadow.calls.map((c) => [c.fill, ...c.rect])).toEqual([
      ['rgba(0,0,0,0.2)', 0, 3, 200, 220],
      ['#fce19c', 0, 0, 200, 220],
    ])
  })

  it('draws one faded bar per line, and fades everything with the note', () => {
    const { ctx, calls } = recordingContext()
    const lines = { left: 16, top: 20, width: 150, count: 3, pitch: 30, barHeight: 12, color: '#000' }
    drawOverviewNote(ctx, { ...body, lines }, identity, { pixelsPerUnit: 1, offsetX: 0, offsetY: 0 }, 0.5)
    expect(calls[0].alpha).toBe(0.5)
    expect(calls.slice(1)).toEqual(
      [20, 50, 80].map((y) => ({ transform: [1, 0, 0, 1, 0, 0], rect: [16, y, 150, 12], fill: '#000', alpha: 0.5 * GREEKED_LINE_OPACITY })),
    )
  })
})
