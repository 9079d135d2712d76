/**
 * Registers the service worker that keeps the app shell for offline reloads, and hands it what this
 * page already loaded (the worker only sees requests made after it takes control).
 */
export async function registerOfflineShell(): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  try {
    await navigator.serviceWorker.register('/sw.js')
    const ready = await navigator.serviceWorker.ready
    const loaded = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => url.startsWith(location.origin) && (url.includes('/_next/static/') || url.includes('/tldraw-assets/')))
    ready.active?.postMessage({ cache: [location.href, ...loaded] })
  } catch {
    // Offline reloads are a convenience: without a worker (e.g. plain http on a LAN address) the
    // board still works online.
  }
}
