import { describe, expect, it } from 'vitest'
import { getClippedArea } from './getClippedArea'

const square = (x: number, y: number, s: number) => [
  { x, y },
  { x: x + s, y },
  { x: x + s, y: y + s },
  { x, y: y + s },
]
const box = { minX: 0, minY: 0, maxX: 100, maxY: 100 }

describe('getClippedArea', () => {
  const diamond = [
    { x: 50, y: -50 },
    { x: 150, y: 50 },
    { x: 50, y: 150 },
    { x: -50, y: 50 },
  ]
  const cases: { name: string; polygon: { x: number; y: number }[]; area: number }[] = [
    { name: 'inside', polygon: square(10, 10, 20), area: 400 },
    { name: 'outside', polygon: square(200, 200, 20), area: 0 },
    { name: 'half over an edge', polygon: square(90, 10, 20), area: 200 },
    { name: 'over a corner', polygon: square(90, 90, 20), area: 100 },
    { name: 'covering the box', polygon: square(-10, -10, 200), area: 10_000 },
    { name: 'diamond whose edges touch the box corners', polygon: diamond, area: 10_000 },
    { name: 'touching an edge only', polygon: square(100, 10, 20), area: 0 },
  ]
  it.each(cases)('$name', ({ polygon, area }) => {
    expect(getClippedArea(polygon, box)).toBeCloseTo(area, 9)
  })
})

describe('getClippedArea with a small diamond', () => {
  it('clips a diamond over an edge', () => {
    // Diamond of half-diagonal 10 centred on the edge x = 100: half of its 200 area is inside.
    const diamond = [
      { x: 100, y: 40 },
      { x: 110, y: 50 },
      { x: 100, y: 60 },
      { x: 90, y: 50 },
    ]
    expect(getClippedArea(diamond, box)).toBeCloseTo(100, 9)
  })
})
