import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** URL prefix under which tldraw's icons, fonts and translations are served (no CDN needed). */
export const TLDRAW_ASSETS_PREFIX = '/tldraw-assets/'
const ASSETS_DIR = path.dirname(require.resolve('@tldraw/assets/package.json'))
const SERVED_FOLDERS = new Set(['fonts', 'icons', 'translations', 'embed-icons'])
const CONTENT_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.png': 'image/png',
}

/** Serves a file of the installed @tldraw/assets package; false when the path is not ours. */
export function serveTldrawAssets(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
  if (!pathname.startsWith(TLDRAW_ASSETS_PREFIX)) return false
  const relative = path.normalize(decodeURIComponent(pathname.slice(TLDRAW_ASSETS_PREFIX.length)))
  const folder = relative.split(path.sep)[0]
  const file = path.join(ASSETS_DIR, relative)
  if (!SERVED_FOLDERS.has(folder) || !file.startsWith(ASSETS_DIR + path.sep) || !fs.existsSync(file)) {
    res.writeHead(404).end()
    return true
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=31536000, immutable',
  })
  fs.createReadStream(file).pipe(res)
  return true
}
