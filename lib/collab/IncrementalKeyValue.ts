import { Observable } from 'lib0/observable'
import * as Y from 'yjs'

export interface KeyValueEntry<T> {
  key: string
  val: T
}

export type KeyValueChange<T> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

type ChangeListener<T> = (changes: Map<string, KeyValueChange<T>>, transaction: Y.Transaction) => void

/**
 * The key-value layout of y-utility's `YKeyValue` (`{ key, val }` entries in a Y.Array, the
 * rightmost entry of a key wins, older entries of a key are deleted), with the same API and the same
 * change events, but each transaction costs time in proportion to what it changed.
 *
 * y-utility's observer reads `event.changes` and copies the whole array on every transaction: both
 * walk every item of the array, tombstones included, so one note edit on a board costs
 * O(records + tombstones), which grows all through a workshop. Here the entries a transaction
 * inserted are read from the struct store (the clocks between the transaction's before and after
 * state) and the deleted ones from its delete set. Only when an inserted entry competes with
 * another live entry of its key (concurrent writes of one record) does it fall back to y-utility's
 * full right-to-left pass, which also deletes the losing entries the same way.
 *
 * One deliberate difference: y-utility drops a key when its current entry is deleted even if another
 * live entry of that key is still in the array (duplicates exist for a while when concurrent writes
 * and clean-ups cross), so its view can disagree with its own array and with other clients' views.
 * Here a count of live entries per key notices that case, and the rightmost remaining entry becomes
 * the value, as a fresh view of the same array would show it.
 */
export class IncrementalKeyValue<T> extends Observable<'change'> {
  readonly doc: Y.Doc
  /** The winning entry of every key (the object stored in the array, for identity checks). */
  readonly map = new Map<string, KeyValueEntry<T>>()
  /** How many live entries of each key the array holds (more than one only while duplicates wait for clean-up). */
  private readonly liveCount = new Map<string, number>()

  constructor(readonly yarray: Y.Array<KeyValueEntry<T>>) {
    super()
    if (!yarray.doc) throw new Error('IncrementalKeyValue needs an array that belongs to a document')
    this.doc = yarray.doc
    const entries = yarray.toArray()
    this.doc.transact(() => {
      for (let i = entries.length - 1; i >= 0; i--) {
        if (this.map.has(entries[i].key)) yarray.delete(i)
        else {
          this.map.set(entries[i].key, entries[i])
          this.liveCount.set(entries[i].key, 1)
        }
      }
    })
    yarray.observe((_event, transaction) => this.onTransaction(transaction))
  }

  override on(name: 'change', listener: ChangeListener<T>): void {
    super.on(name, listener)
  }

  override off(name: 'change', listener: ChangeListener<T>): void {
    super.off(name, listener)
  }

  get(key: string): T | undefined {
    return this.map.get(key)?.val
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  set(key: string, val: T): void {
    this.doc.transact(() => {
      if (this.map.has(key)) this.delete(key)
      this.yarray.push([{ key, val }])
    })
  }

  /**
   * Deletes the first live entry of the key, as YKeyValue does. At rest that is the only one; inside
   * a transaction that already replaced the key it is the replacement (the map catches up only when
   * the transaction ends). Walks the items without copying the array.
   */
  delete(key: string): void {
    let index = 0
    for (let item = this.yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue
      const at = (item.content.getContent() as KeyValueEntry<T>[]).findIndex((entry) => entry.key === key)
      if (at >= 0) {
        this.yarray.delete(index + at, 1)
        return
      }
      index += item.length
    }
  }

  private onTransaction(transaction: Y.Transaction): void {
    const changes = new Map<string, KeyValueChange<T>>()
    const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)

    Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || struct.parent !== this.yarray || isNew(struct)) return
      for (const entry of struct.content.getContent() as KeyValueEntry<T>[]) {
        this.addLive(entry.key, -1)
        if (this.map.get(entry.key) !== entry) continue
        this.map.delete(entry.key)
        changes.set(entry.key, { action: 'delete', oldValue: entry.val })
      }
    })

    const inserted = this.readInsertedEntries(transaction)
    for (const entry of inserted) this.addLive(entry.key, 1)
    if (this.competes(inserted)) this.resolveByFullPass(inserted, changes)
    else {
      for (const entry of inserted) this.takeValue(entry, changes)
    }
    this.reinstateDuplicates(changes, inserted)
    if (changes.size > 0) this.emit('change', [changes, transaction])
  }

  private addLive(key: string, delta: number): void {
    const count = (this.liveCount.get(key) ?? 0) + delta
    if (count > 0) this.liveCount.set(key, count)
    else this.liveCount.delete(key)
  }

  /**
   * A key this transaction touched that has no value while live entries of it remain (its current
   * entry went and an older duplicate stayed, or an inserted entry lost to one): the rightmost
   * remaining entry is its value, as a fresh view of the array would show.
   */
  private reinstateDuplicates(changes: Map<string, KeyValueChange<T>>, inserted: KeyValueEntry<T>[]): void {
    const orphaned = new Set<string>()
    const check = (key: string) => {
      if (!this.map.has(key) && this.liveCount.has(key)) orphaned.add(key)
    }
    for (const key of changes.keys()) check(key)
    for (const entry of inserted) check(entry.key)
    if (orphaned.size === 0) return
    const entries = this.yarray.toArray()
    for (let i = entries.length - 1; i >= 0 && orphaned.size > 0; i--) {
      if (orphaned.delete(entries[i].key)) this.takeValue(entries[i], changes)
    }
  }

  /** `entry` becomes its key's value: an update if this transaction deleted the old value, else an add. */
  private takeValue(entry: KeyValueEntry<T>, changes: Map<string, KeyValueChange<T>>): void {
    const deleted = changes.get(entry.key)
    changes.set(entry.key, deleted?.action === 'delete' ? { action: 'update', oldValue: deleted.oldValue, newValue: entry.val } : { action: 'add', newValue: entry.val })
    this.map.set(entry.key, entry)
  }

  /** Whether an inserted entry meets another live entry of its key (current, inserted too, or a duplicate). */
  private competes(inserted: KeyValueEntry<T>[]): boolean {
    return inserted.some((entry) => this.map.has(entry.key) || (this.liveCount.get(entry.key) ?? 0) > 1)
  }

  /** Live entries this transaction inserted into the array, in struct order. */
  private readInsertedEntries(transaction: Y.Transaction): KeyValueEntry<T>[] {
    const inserted: KeyValueEntry<T>[] = []
    transaction.afterState.forEach((after, client) => {
      const before = transaction.beforeState.get(client) ?? 0
      if (after <= before) return
      const structs = this.doc.store.clients.get(client)
      if (!structs) return
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i]
        if (struct instanceof Y.Item && struct.parent === this.yarray && !struct.deleted) {
          inserted.push(...(struct.content.getContent() as KeyValueEntry<T>[]))
        }
      }
    })
    return inserted
  }

  /**
   * y-utility's resolution, for transactions where an inserted entry meets another live entry of
   * its key: from the right, the first entry of a key wins; the others are deleted.
   */
  private resolveByFullPass(inserted: KeyValueEntry<T>[], changes: Map<string, KeyValueChange<T>>): void {
    // y-utility lets the rightmost inserted entry of a key compete (its events list items in array
    // order); the struct store lists them by client, so position decides here.
    const insertedEntries = new Set(inserted)
    const pendingKeys = new Set(inserted.map((entry) => entry.key))
    const itemsToRemove = new Set<string>()
    const vals = this.yarray.toArray()
    this.doc.transact(() => {
      for (let i = vals.length - 1; i >= 0 && (pendingKeys.size > 0 || itemsToRemove.size > 0); i--) {
        const current = vals[i]
        if (itemsToRemove.has(current.key)) {
          itemsToRemove.delete(current.key)
          this.yarray.delete(i, 1)
        } else if (pendingKeys.has(current.key) && insertedEntries.has(current)) {
          const previous = this.map.get(current.key)
          if (previous) {
            itemsToRemove.add(current.key)
            changes.set(current.key, { action: 'update', oldValue: previous.val, newValue: current.val })
            this.map.set(current.key, current)
          } else this.takeValue(current, changes)
          pendingKeys.delete(current.key)
        } else if (pendingKeys.has(current.key)) {
          // An older entry of this key is further right: the inserted one loses and is removed.
          itemsToRemove.add(current.key)
          pendingKeys.delete(current.key)
        }
      }
    })
  }
}
