import { vi } from 'vitest'

/** Stubs `localStorage` as a browser has it (strings by key, enumerable by index); returns its items. */
export function installLocalStorage(): Map<string, string> {
  const items = new Map<string, string>()
  vi.stubGlobal('localStorage', {
    get length() {
      return items.size
    },
    key: (i: number) => Array.from(items.keys())[i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  })
  return items
}
