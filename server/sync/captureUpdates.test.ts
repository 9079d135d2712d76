import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { captureUpdates } from './captureUpdates'

describe('captureUpdates', () => {
  it('returns the updates a change made, in order and with their origins, and its result', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('m')
    const { result, updates } = captureUpdates(doc, () => {
      doc.transact(() => map.set('a', 1), 'first')
      doc.transact(() => map.set('b', 2), 'second')
      return 'done'
    })
    expect(result).toBe('done')
    expect(updates.map((u) => u.origin)).toEqual(['first', 'second'])
    const copy = new Y.Doc()
    for (const u of updates) Y.applyUpdate(copy, u.update)
    expect(copy.getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
  })

  it('captures nothing before or after the change, even when the change throws', () => {
    const doc = new Y.Doc()
    const map = doc.getMap('m')
    map.set('before', true)
    let captured: unknown[] = []
    expect(() =>
      captureUpdates(doc, () => {
        map.set('inside', true)
        captured = ['reached']
        throw new Error('refused')
      }),
    ).toThrow('refused')
    const after = captureUpdates(doc, () => undefined)
    map.set('after', true)
    expect(captured).toEqual(['reached'])
    expect(after.updates).toEqual([])
  })
})
