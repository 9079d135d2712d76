// Journey Board service worker: keeps the app shell (pages, scripts, styles, tldraw assets) so a
// board reloads while offline; the board's content itself comes from IndexedDB (y-indexeddb).
const CACHE = 'journey-board-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

// The page lists what it loaded before the worker took control, so those are cached too.
self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.cache) || []
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((url) => fetch(url, { credentials: 'same-origin' }).then((res) => res.ok && cache.put(url, res)).catch(() => undefined))),
    ),
  )
})

function isShell(url) {
  return url.pathname.startsWith('/_next/static/') || url.pathname.startsWith('/tldraw-assets/')
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  const url = new URL(req.url)
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return
  if (isShell(url)) {
    // Immutable, content-hashed files: cache first.
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) caches.open(CACHE).then((c) => c.put(req, res.clone()))
            return res
          }),
      ),
    )
    return
  }
  if (req.mode === 'navigate' && url.pathname.startsWith('/b/')) {
    // Pages: the network first (fresh and access-checked), the last copy when offline.
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) caches.open(CACHE).then((c) => c.put(req, res.clone()))
          return res
        })
        .catch(() => caches.match(req).then((hit) => hit || Response.error())),
    )
  }
})
