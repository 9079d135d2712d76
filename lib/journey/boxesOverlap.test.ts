import { describe, expect, it } from 'vitest'
import { boxesOverlap } from './boxesOverlap'

const box = (minX: number, minY: number, maxX: number, maxY: number) => ({ minX, minY, maxX, maxY })

describe('boxesOverlap', () => {
  it.each([
    ['overlapping', box(0, 0, 10, 10), box(5, 5, 15, 15), true],
    ['one inside the other', box(0, 0, 10, 10), box(2, 2, 3, 3), true],
    ['touching at an edge', box(0, 0, 10, 10), box(10, 0, 20, 10), false],
    ['apart horizontally', box(0, 0, 10, 10), box(11, 0, 20, 10), false],
    ['apart vertically', box(0, 0, 10, 10), box(0, 12, 10, 20), false],
  ])('%s', (_name, a, b, expected) => {
    expect(boxesOverlap(a, b)).toBe(expected)
    expect(boxesOverlap(b, a)).toBe(expected)
  })
})
