import { describe, expect, it } from 'vitest'
import type { TLRecord } from 'tldraw'
import { buildTestNote } from '../../testing/buildTestNote'
import { getFitCamera } from './getFitCamera'

const PAGE = 'page:page'
const note = (x: number, y: number, extra: { rotation?: number; growY?: number; parentId?: string } = {}) =>
  buildTestNote({ id: `shape:n${x}-${y}`, x, y, ...extra }) as unknown as TLRecord
const rect = (x: number, y: number, w: number, h: number) =>
  ({ id: `shape:r${x}`, typeName: 'shape', type: 'geo', x, y, rotation: 0, index: 'a1', parentId: PAGE, isLocked: false, opacity: 1, meta: {}, props: { w, h } }) as unknown as TLRecord
const arrow = { id: 'shape:arrow', typeName: 'shape', type: 'arrow', x: -5000, y: -5000, rotation: 0, parentId: PAGE, props: {} } as unknown as TLRecord

/** tldraw's zoomToBounds for a viewport of 1400 x 900 (padding 128). */
const fit = (minX: number, minY: number, w: number, h: number) => {
  const z = Math.min((1400 - 128) / w, (900 - 128) / h)
  return { x: -minX + (1400 - w * z) / 2 / z, y: -minY + (900 - h * z) / 2 / z, z }
}

describe('getFitCamera', () => {
  it.each([
    ['one note', [note(0, 0)], fit(0, 0, 200, 200)],
    ['a note grown by its text', [note(100, 50, { growY: 100 })], fit(100, 50, 200, 300)],
    ['a grid and a note outside it', [rect(0, 0, 3000, 2000), note(3100, -300)], fit(0, -300, 3300, 2300)],
    ['a note turned a quarter', [note(0, 0, { rotation: Math.PI / 2 })], fit(-200, 0, 200, 200)],
    ['shapes without a size in their props are left out', [rect(0, 0, 1000, 500), arrow], fit(0, 0, 1000, 500)],
    ['shapes on another page or inside a frame are left out', [rect(0, 0, 1000, 500), note(9000, 9000, { parentId: 'page:other' })], fit(0, 0, 1000, 500)],
  ])('%s', (_name, records, expected) => {
    const camera = getFitCamera(records, PAGE, { w: 1400, h: 900 })!
    expect(camera.x).toBeCloseTo(expected.x, 6)
    expect(camera.y).toBeCloseTo(expected.y, 6)
    expect(camera.z).toBeCloseTo(expected.z, 6)
  })

  it('stays within tldraw zoom steps (5 % to 800 %)', () => {
    expect(getFitCamera([rect(0, 0, 1e7, 1e7)], PAGE, { w: 1400, h: 900 })!.z).toBe(0.05)
    expect(getFitCamera([rect(0, 0, 1, 1)], PAGE, { w: 1400, h: 900 })!.z).toBe(8)
  })

  it('is undefined for a page without sized shapes', () => {
    expect(getFitCamera([arrow], PAGE, { w: 1400, h: 900 })).toBeUndefined()
  })
})
