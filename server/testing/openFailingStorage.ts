import { openSqliteStorageInDataDir } from '../storage/openSqliteStorage'
import type { Storage } from '../storage/Storage'

/**
 * A real SQLite storage in `dataDir` whose listed methods (of the document store or the catalogue)
 * reject with SQLITE_FULL, as on a full disk, while `fault.failing` is set; `fault.failures` counts
 * the refused calls. Everything else is the real thing.
 */
export async function openFailingStorage(dataDir: string, failingMethods: readonly string[] = ['appendUpdate']) {
  const real = await openSqliteStorageInDataDir(dataDir)
  const fault = { failing: false, failures: 0 }
  const failing = new Set(failingMethods)
  const withFaults = <T extends object>(part: T): T =>
    new Proxy(part, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown
        if (typeof value !== 'function') return value
        if (!failing.has(String(prop))) return value.bind(target)
        return (...args: unknown[]) => {
          if (fault.failing) {
            fault.failures++
            return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  const storage: Storage = { ...real, documents: withFaults(real.documents), catalog: withFaults(real.catalog) }
  return { real, storage, fault }
}
