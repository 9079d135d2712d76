import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { IncrementalKeyValue, type KeyValueEntry } from './IncrementalKeyValue'

type Op =
  | { kind: 'set'; doc: number; key: string; val: number }
  | { kind: 'delete'; doc: number; key: string }
  | { kind: 'setTwice'; doc: number; keys: [string, string]; val: number }
  | { kind: 'sync'; from: number; to: number }

interface KeyValueLike {
  map: Map<string, { key: string; val: number }>
  set(key: string, val: number): void
  delete(key: string): void
  on(name: 'change', f: (changes: Map<string, unknown>) => void): void
}

const DOCS = 3
const sortKeys = (value: unknown) => Object.fromEntries(Object.entries(value as object).sort(([a], [b]) => a.localeCompare(b)))
const keyArb = fc.constantFrom('a', 'b', 'c', 'd')
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), doc: fc.nat(DOCS - 1), key: keyArb, val: fc.nat(99) }),
  fc.record({ kind: fc.constant('delete' as const), doc: fc.nat(DOCS - 1), key: keyArb }),
  fc.record({ kind: fc.constant('setTwice' as const), doc: fc.nat(DOCS - 1), keys: fc.tuple(keyArb, keyArb), val: fc.nat(99) }),
  fc.record({ kind: fc.constant('sync' as const), from: fc.nat(DOCS - 1), to: fc.nat(DOCS - 1) }),
)

/** What a fresh view of an array shows: for each key, its rightmost live entry. */
function readFresh(array: Y.Array<KeyValueEntry<number>>): Record<string, number> {
  const view: Record<string, number> = {}
  for (const { key, val } of array.toArray()) view[key] = val
  return view
}

/** Replays the ops on fresh documents with one key-value kind; returns what each document saw. */
function replay(ops: Op[], create: (array: Y.Array<KeyValueEntry<number>>) => KeyValueLike) {
  const docs = Array.from({ length: DOCS }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = i + 1
    return doc
  })
  const events: string[][] = docs.map(() => [])
  const kvs = docs.map((doc, i) => {
    const kv = create(doc.getArray('records'))
    kv.on('change', (changes) => events[i].push(JSON.stringify([...changes].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, sortKeys(c)]))))
    return kv
  })
  const viewOf = (kv: KeyValueLike) => Object.fromEntries([...kv.map].map(([k, e]) => [k, e.val]))
  // Whether every view always showed what a fresh view of its own array shows.
  let consistent = true
  for (const op of ops) {
    if (op.kind === 'set') kvs[op.doc].set(op.key, op.val)
    else if (op.kind === 'delete') kvs[op.doc].delete(op.key)
    else if (op.kind === 'setTwice') {
      docs[op.doc].transact(() => {
        kvs[op.doc].set(op.keys[0], op.val)
        kvs[op.doc].set(op.keys[1], op.val + 100)
      })
    } else if (op.from !== op.to) {
      Y.applyUpdate(docs[op.to], Y.encodeStateAsUpdate(docs[op.from], Y.encodeStateVector(docs[op.to])))
    }
    consistent &&= kvs.every((kv, i) => isDeepStrictEqual(viewOf(kv), readFresh(docs[i].getArray('records'))))
  }
  const contents = kvs.map(viewOf)
  const states = docs.map((doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'))
  return { contents, events, states, consistent }
}

const stock = (array: Y.Array<KeyValueEntry<number>>) => new YKeyValue<number>(array) as unknown as KeyValueLike
const incremental = (array: Y.Array<KeyValueEntry<number>>) => new IncrementalKeyValue<number>(array) as unknown as KeyValueLike

describe('IncrementalKeyValue', () => {
  it('always shows what a fresh view of its own array shows', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        expect(replay(ops, incremental).consistent).toBe(true)
      }),
      { numRuns: 400 },
    )
  })

  it('behaves exactly like y-utility YKeyValue wherever y-utility is right: same contents, change events and document bytes', () => {
    let compared = 0
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const theirs = replay(ops, stock)
        // Where y-utility's view lost a key that its array still holds, the two differ on purpose.
        if (!theirs.consistent) return
        compared++
        expect(replay(ops, incremental)).toEqual(theirs)
      }),
      { numRuns: 400 },
    )
    expect(compared).toBeGreaterThan(300)
  })

  it('keeps every view right when concurrent writes of a key leave duplicates behind', () => {
    // Two documents write the same key concurrently (one of them twice in one transaction); the
    // clean-ups cross and leave an older duplicate that must become the value when the newer goes.
    const ops: Op[] = [
      { kind: 'setTwice', doc: 2, keys: ['d', 'd'], val: 0 },
      { kind: 'setTwice', doc: 0, keys: ['d', 'a'], val: 0 },
      { kind: 'sync', from: 2, to: 0 },
    ]
    for (let round = 0; round < 2; round++) {
      for (let from = 0; from < DOCS; from++) for (let to = 0; to < DOCS; to++) ops.push({ kind: 'sync', from, to })
    }
    const ours = replay(ops, incremental)
    expect(ours.consistent).toBe(true)
    expect(ours.contents[1]).toEqual(ours.contents[0])
    expect(ours.contents[2]).toEqual(ours.contents[0])
    expect(Object.keys(ours.contents[0]).sort()).toEqual(['a', 'd'])
  })

  it('converges with concurrent writes of the same key once every document has everything', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const everyPair: Op[] = []
        for (let round = 0; round < 2; round++) {
          for (let from = 0; from < DOCS; from++) for (let to = 0; to < DOCS; to++) everyPair.push({ kind: 'sync', from, to })
        }
        const { contents } = replay([...ops, ...everyPair], incremental)
        expect(contents[1]).toEqual(contents[0])
        expect(contents[2]).toEqual(contents[0])
      }),
      { numRuns: 200 },
    )
  })

  it('reports old and new values of an update made on another document', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const kvA = new IncrementalKeyValue<{ x: number }>(a.getArray('records'))
    const kvB = new IncrementalKeyValue<{ x: number }>(b.getArray('records'))
    kvA.set('shape:1', { x: 1 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const seen: unknown[] = []
    kvB.on('change', (changes) => seen.push(Object.fromEntries(changes)))
    kvA.set('shape:1', { x: 2 })
    kvA.set('shape:2', { x: 3 })
    kvA.delete('shape:1')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    // One update carrying all three edits: shape:1 was changed then deleted, shape:2 added.
    expect(seen).toEqual([{ 'shape:1': { action: 'delete', oldValue: { x: 1 } }, 'shape:2': { action: 'add', newValue: { x: 3 } } }])
    expect(kvB.get('shape:1')).toBeUndefined()
    expect(kvB.get('shape:2')).toEqual({ x: 3 })
  })

  it('loads an array with duplicate keys the way YKeyValue does: the rightmost wins, the rest are deleted', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<KeyValueEntry<number>>('records')
    array.push([{ key: 'a', val: 1 }, { key: 'b', val: 2 }, { key: 'a', val: 3 }])
    const kv = new IncrementalKeyValue(array)
    expect(kv.get('a')).toBe(3)
    expect(array.toArray()).toEqual([{ key: 'b', val: 2 }, { key: 'a', val: 3 }])
  })

  it('needs time in proportion to the change, not to the tombstones and records already there', () => {
    // Counted, not timed: how many array items a remote edit makes the observer look at.
    const source = new Y.Doc()
    const sourceKv = new IncrementalKeyValue<number>(source.getArray('records'))
    for (let i = 0; i < 2_000; i++) sourceKv.set(`k${i}`, i)
    for (let i = 0; i < 2_000; i++) sourceKv.set(`k${i}`, i + 1) // 2,000 tombstones
    const target = new Y.Doc()
    Y.applyUpdate(target, Y.encodeStateAsUpdate(source))
    const array = target.getArray<KeyValueEntry<number>>('records')
    const kv = new IncrementalKeyValue(array)
    let toArrayCalls = 0
    const toArray = array.toArray.bind(array)
    array.toArray = () => {
      toArrayCalls++
      return toArray()
    }
    const before = Y.encodeStateVector(target)
    sourceKv.set('k7', 70)
    Y.applyUpdate(target, Y.encodeStateAsUpdate(source, before))
    expect(kv.get('k7')).toBe(70)
    expect(toArrayCalls).toBe(0)
  })
})
