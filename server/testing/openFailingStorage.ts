import { SqliteStorage } from '../storage/SqliteStorage'

/**
 * A real SQLite storage in `dataDir` whose listed methods throw SQLITE_FULL, as on a full disk, while
 * `fault.failing` is set; `fault.failures` counts the refused calls. Everything else is the real thing.
 */
export async function openFailingStorage(dataDir: string, failingMethods: readonly string[] = ['appendUpdate']) {
  const real = await SqliteStorage.inDataDir(dataDir)
  const fault = { failing: false, failures: 0 }
  const failing = new Set(failingMethods)
  const storage = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      if (!failing.has(String(prop))) return value.bind(target)
      return (...args: unknown[]) => {
        if (fault.failing) {
          fault.failures++
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { real, storage, fault }
}
