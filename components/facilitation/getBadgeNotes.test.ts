import { describe, expect, it } from 'vitest'
import { getBadgeNotes, getVisibleBadgeNotes, isSameList, type BadgeInputs, type PageBounds } from './getBadgeNotes'

type TestNote = { id: string; meta: Record<string, unknown>; bounds: PageBounds }
const note = (id: string, meta: Record<string, unknown> = {}, x = 0, y = 0): TestNote => ({ id, meta, bounds: { minX: x, minY: y, maxX: x + 200, maxY: y + 200 } })
const inputs = (over: Partial<BadgeInputs<TestNote>> = {}): BadgeInputs<TestNote> => ({
  showTally: false,
  showAuthors: true,
  tally: new Map(),
  myCounts: new Map(),
  heldNoteIds: new Set(),
  isTextGreeked: () => false,
  getBounds: (n) => n.bounds,
  ...over,
})

describe('getBadgeNotes', () => {
  it.each([
    ['nothing to show', note('a'), inputs(), undefined],
    ['author shown', note('a', { authorName: 'Paul' }), inputs(), { author: 'Paul' }],
    ['authors hidden', note('a', { authorName: 'Paul' }), inputs({ showAuthors: false }), undefined],
    ['author of a note whose text is greeked', note('a', { authorName: 'Paul' }), inputs({ isTextGreeked: (id) => id === 'a' }), undefined],
    ['dots on a note whose text is greeked', note('a', { authorName: 'Paul' }), inputs({ isTextGreeked: () => true, myCounts: new Map([['a', 1]]) }), { author: '', myCount: 1 }],
    ['author that is not a string', note('a', { authorName: 42 }), inputs(), undefined],
    ['private note', note('a', { jbPrivate: true }), inputs(), { isPrivate: true, isHeld: false }],
    ['private note held by a lock', note('a', { jbPrivate: true }), inputs({ heldNoteIds: new Set(['a']) }), { isPrivate: true, isHeld: true }],
    ['votable note', note('a'), inputs({ isVotableAt: () => true }), { votable: true }],
    ['vote open elsewhere', note('a'), inputs({ isVotableAt: () => false }), undefined],
    ['dots, tally shown', note('a'), inputs({ showTally: true, tally: new Map([['a', 3]]) }), { count: 3 }],
    ['dots, tally hidden', note('a'), inputs({ tally: new Map([['a', 3]]) }), undefined],
    ['my own dots while the tally is hidden', note('a'), inputs({ myCounts: new Map([['a', 2]]) }), { myCount: 2 }],
  ])('%s', (_name, n, given, expected) => {
    const [badge] = getBadgeNotes([n], given)
    if (expected === undefined) expect(badge).toBeUndefined()
    else expect(badge).toMatchObject({ id: 'a', bounds: n.bounds, ...expected })
  })

  it('asks whether a note is votable at its centre', () => {
    const centres: [number, number][] = []
    getBadgeNotes([note('a', {}, 100, 50)], inputs({ isVotableAt: (x, y) => (centres.push([x, y]), false) }))
    expect(centres).toEqual([[200, 150]])
  })

  it('asks where a note is only when it shows something or a vote is open', () => {
    const asked: string[] = []
    const getBounds = (n: TestNote) => (asked.push(n.id), n.bounds)
    const notes = [note('quiet', { authorName: 'Paul' }), note('greeked', { authorName: 'Rita' }), note('shown', { authorName: 'Ana' }), note('gone', { authorName: 'Bo' })]
    const shown = getBadgeNotes(notes, inputs({ getBounds: (n) => (n.id === 'gone' ? (asked.push(n.id), undefined) : getBounds(n)), isTextGreeked: (id) => id !== 'shown' && id !== 'gone', showAuthors: true }))
    expect(shown.map((b) => b.id)).toEqual(['shown'])
    expect(asked).toEqual(['shown', 'gone'])
    asked.length = 0
    getBadgeNotes(notes, inputs({ getBounds, isVotableAt: () => false, isTextGreeked: () => true }))
    expect(asked).toEqual(['quiet', 'greeked', 'shown', 'gone'])
  })

  it('keeps the previous object for an unchanged note and a new one for a changed note', () => {
    const notes = [note('a', { authorName: 'Paul' }), note('b', { authorName: 'Rita' })]
    const first = getBadgeNotes(notes, inputs())
    const second = getBadgeNotes([notes[0]!, note('b', { authorName: 'Rita' }, 10)], inputs(), new Map(first.map((n) => [n.id, n])))
    expect(second[0]).toBe(first[0])
    expect(second[1]).not.toBe(first[1])
    expect(second[1]!.bounds.minX).toBe(10)
  })
})

describe('getVisibleBadgeNotes', () => {
  const viewport = { minX: 0, minY: 0, maxX: 1000, maxY: 1000 }
  it.each([
    ['inside', 500, 500, true],
    ['overlapping the left edge', -150, 500, true],
    ['just outside, within the margin', -240, 500, true],
    ['outside the margin on the left', -300, 500, false],
    ['outside below', 500, 1100, false],
    ['outside above', 500, -300, false],
  ])('%s', (_name, x, y, shown) => {
    const [badge] = getBadgeNotes([note('a', { authorName: 'P' }, x, y)], inputs())
    expect(getVisibleBadgeNotes([badge!], viewport, 50)).toHaveLength(shown ? 1 : 0)
  })
})

describe('isSameList', () => {
  it('compares items by identity', () => {
    const a = {}
    expect(isSameList([a], [a])).toBe(true)
    expect(isSameList([a], [{}])).toBe(false)
    expect(isSameList([a], [a, a])).toBe(false)
  })
})
