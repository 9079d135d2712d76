import { describe, expect, it } from 'vitest'
import { reuseUnchangedParts } from './reuseUnchangedParts'

const note = () => ({
  id: 'shape:a',
  x: 10,
  y: 20,
  meta: { authorName: 'Ada' },
  props: { color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] } },
})

describe('reuseUnchangedParts', () => {
  it.each([
    ['equal numbers', 1, 1],
    ['equal strings', 'a', 'a'],
    ['null', null, null],
    ['equal objects', { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }],
    ['equal arrays', [{ a: 1 }, 'x'], [{ a: 1 }, 'x']],
  ])('returns previous when deep-equal: %s', (_name, previous, next) => {
    expect(reuseUnchangedParts(previous, next)).toBe(previous)
  })

  it.each([
    ['a changed number', { a: 1 }, { a: 2 }],
    ['an added key', { a: 1 }, { a: 1, b: 2 }],
    ['a removed key', { a: 1, b: 2 }, { a: 1 }],
    ['a key replaced by another', { a: 1 }, { b: 1 }],
    ['a key that became undefined', { a: 1 } as Record<string, unknown>, { a: undefined }],
    ['a longer array', [1], [1, 2]],
    ['a shorter array', [1, 2], [1]],
    ['an array replaced by an object', [1] as unknown, { 0: 1 }],
    ['null replaced by an object', null as unknown, {}],
  ])('returns a value equal to next for %s', (_name, previous, next) => {
    const result = reuseUnchangedParts(previous, next)
    expect(result).not.toBe(previous)
    expect(result).toEqual(next)
  })

  it('keeps unchanged parts of a moved note (props, meta, rich text)', () => {
    const before = note()
    const after = { ...note(), x: 99 }
    const result = reuseUnchangedParts(before, after)
    expect(result).toEqual(after)
    expect(result).not.toBe(before)
    expect(result.props).toBe(before.props)
    expect(result.meta).toBe(before.meta)
  })

  it('keeps the rich text of a recoloured note', () => {
    const before = note()
    const after = note()
    after.props.color = 'blue'
    const result = reuseUnchangedParts(before, after)
    expect(result.props).not.toBe(before.props)
    expect(result.props.color).toBe('blue')
    expect(result.props.richText).toBe(before.props.richText)
    expect(result.meta).toBe(before.meta)
  })

  it('modifies neither argument', () => {
    const before = note()
    const after = { ...note(), x: 99 }
    const copies = [structuredClone(before), structuredClone(after)]
    reuseUnchangedParts(before, after)
    expect([before, after]).toEqual(copies)
  })
})
