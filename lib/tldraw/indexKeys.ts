/**
 * Fractional index keys for seeded shapes. tldraw orders siblings by `index` (fractional-indexing
 * keys). Seeds use the two-digit integer range "b00".."bzz" (3,844 keys, sorted as strings), which
 * leaves room above for the shapes people add later.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** The i-th seed index key, in ascending order. */
export function getSeedIndexKey(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i >= BASE62.length ** 2) throw new RangeError(`seed index ${i} out of range`)
  return 'b' + BASE62[Math.floor(i / BASE62.length)] + BASE62[i % BASE62.length]
}
