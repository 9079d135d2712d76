import { describe, expect, it } from 'vitest'
import { getGreekedTextBox, type GreekedTextInput } from './getGreekedTextBox'

/** tldraw's default note: 200 x 200, font 22, line height 1.35, padding 16, centred both ways. */
const note = (text: string, overrides: Partial<GreekedTextInput> = {}): GreekedTextInput => ({
  text,
  width: 200,
  height: 200,
  fontSize: 22,
  lineHeight: 1.35,
  padding: 16,
  textAlign: 'center',
  verticalAlign: 'middle',
  ...overrides,
})

describe('getGreekedTextBox', () => {
  it('gives nothing for text that is only whitespace', () => {
    expect(getGreekedTextBox(note(''))).toBeUndefined()
    expect(getGreekedTextBox(note(' \n  '))).toBeUndefined()
  })

  it('draws a short text as one line as wide as its characters, centred', () => {
    const box = getGreekedTextBox(note('Free trial!'))!
    expect(box.lines).toBe(1)
    expect(box.width).toBeCloseTo(11 * 22 * 0.55)
    expect(box.left).toBeCloseTo((200 - box.width) / 2)
    expect(box.top).toBeCloseTo((200 - 22 * 1.35) / 2)
  })

  it('wraps a long paragraph at the label width and counts each paragraph', () => {
    // 168 px of label at 12.1 px a character: about 13.9 characters a line.
    const box = getGreekedTextBox(note('Pricing page is confusing\nAsks a friend'))!
    expect(box.lines).toBe(2 + 1)
    expect(box.width).toBe(200 - 2 * 16)
    expect(box.linePitch).toBeCloseTo(22 * 1.35)
    expect(box.barHeight).toBeLessThan(box.linePitch)
  })

  it('never draws more lines than fit in the note', () => {
    const box = getGreekedTextBox(note('word '.repeat(200)))!
    expect(box.lines).toBe(Math.floor((200 - 32) / (22 * 1.35)))
    const grown = getGreekedTextBox(note('word '.repeat(200), { height: 400 }))!
    expect(grown.lines).toBe(Math.floor((400 - 32) / (22 * 1.35)))
  })

  it('follows the label alignment', () => {
    const start = getGreekedTextBox(note('Hi', { textAlign: 'start', verticalAlign: 'start' }))!
    expect([start.left, start.top]).toEqual([16, 16])
    const end = getGreekedTextBox(note('Hi', { textAlign: 'end', verticalAlign: 'end' }))!
    expect(end.left + end.width).toBeCloseTo(200 - 16)
    expect(end.top + end.linePitch).toBeCloseTo(200 - 16)
  })

  it('stays finite for a note narrower than its padding', () => {
    const box = getGreekedTextBox(note('First\n\nThird', { width: 20 }))!
    expect(Number.isFinite(box.lines) && Number.isFinite(box.width) && Number.isFinite(box.left)).toBe(true)
    expect(box.lines).toBeGreaterThanOrEqual(1)
  })
})
