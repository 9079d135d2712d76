import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getStateVector, isStateVectorCoveredBy, mergeStateVectors } from './stateVectors'

const sv = (entries: [number, number][]) => new Map(entries)

describe('isStateVectorCoveredBy', () => {
  it.each([
    ['empty by empty', sv([]), sv([]), true],
    ['empty by anything', sv([]), sv([[1, 3]]), true],
    ['equal', sv([[1, 3], [2, 5]]), sv([[1, 3], [2, 5]]), true],
    ['behind on one client', sv([[1, 3], [2, 5]]), sv([[1, 3], [2, 4]]), false],
    ['a client the other never saw', sv([[7, 1]]), sv([[1, 9]]), false],
    ['ahead everywhere', sv([[1, 3]]), sv([[1, 4], [2, 1]]), true],
  ])('%s', (_name, local, known, covered) => {
    expect(isStateVectorCoveredBy(local, known)).toBe(covered)
  })
})

describe('mergeStateVectors', () => {
  it('keeps the higher count per client and every client of both', () => {
    expect(mergeStateVectors(sv([[1, 3], [2, 9]]), sv([[1, 5], [3, 2]]))).toEqual(sv([[1, 5], [2, 9], [3, 2]]))
  })

  it('covers both of its inputs and leaves them unchanged', () => {
    const a = sv([[1, 3], [2, 9]])
    const b = sv([[1, 5], [3, 2]])
    const merged = mergeStateVectors(a, b)
    expect(isStateVectorCoveredBy(a, merged) && isStateVectorCoveredBy(b, merged)).toBe(true)
    expect(a).toEqual(sv([[1, 3], [2, 9]]))
  })
})

describe('getStateVector', () => {
  it("counts each client's operations in the document", () => {
    const doc = new Y.Doc()
    expect(getStateVector(doc)).toEqual(new Map())
    doc.getText('t').insert(0, 'abc')
    expect(getStateVector(doc)).toEqual(new Map([[doc.clientID, 3]]))
  })
})
