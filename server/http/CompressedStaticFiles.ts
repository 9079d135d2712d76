import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** URL prefix of Next.js's build output: content-hashed file names, so each file never changes. */
export const NEXT_STATIC_PREFIX = '/_next/static/'

type Encoding = 'br' | 'gzip'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
}
/**
 * Brotli quality 5: the page's tldraw chunk (2.4 MB) in ~45 ms on a thread of libuv's pool,
 * 0.92x gzip's size. 11 would give 0.82x but takes ~2.6 s per file.
 */
const BROTLI_QUALITY = 5

/**
 * Serves the build's static scripts and styles compressed once, from memory. Next.js compresses
 * every response anew on the event loop: ~45 ms of CPU for the 2.4 MB tldraw chunk on each page
 * load, which held up the sync traffic of everyone else on the server, and the browser waiting
 * for it. These files are immutable (hashed names), so each is compressed once per process, off
 * the event loop, and the memory used is bounded by the build's own size. Other types (fonts,
 * images: already compressed) and clients that take neither encoding are left to Next.js.
 */
export class CompressedStaticFiles {
  private readonly cache = new Map<string, Promise<Buffer | undefined>>()

  constructor(private readonly staticDir: string) {}

  /** Sends the file; false when this request is not one it serves (the caller passes it on). */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    if (!pathname.startsWith(NEXT_STATIC_PREFIX)) return false
    const contentType = CONTENT_TYPES[path.extname(pathname)]
    const encoding = pickEncoding(req.headers['accept-encoding'])
    if (!contentType || !encoding) return false
    let relative: string
    try {
      relative = path.normalize(decodeURIComponent(pathname.slice(NEXT_STATIC_PREFIX.length)))
    } catch {
      return false
    }
    const file = path.join(this.staticDir, relative)
    if (!file.startsWith(this.staticDir + path.sep)) return false
    const body = await this.compressed(file, encoding)
    if (!body) return false
    res.writeHead(200, {
      'content-type': contentType,
      'content-encoding': encoding,
      'content-length': body.length,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }

  /**
   * Compresses every script, style and other text file of the build (not source maps) with brotli
   * (what browsers ask for), one file at a
   * time, so the first visitor after a start is served from memory like every later one instead of
   * waiting for the compression (~45 ms for the tldraw chunk). Source maps wait until asked for.
   * Resolves with the number of files compressed.
   */
  async warm(): Promise<number> {
    let count = 0
    for (const relative of await listFiles(this.staticDir)) {
      const extension = path.extname(relative)
      if (!CONTENT_TYPES[extension] || extension === '.map') continue
      if (await this.compressed(path.join(this.staticDir, relative), 'br')) count++
    }
    return count
  }

  /** Files compressed so far (both encodings counted), for tests and diagnostics. */
  get size(): number {
    return this.cache.size
  }

  private compressed(file: string, encoding: Encoding): Promise<Buffer | undefined> {
    const key = `${encoding}:${file}`
    let entry = this.cache.get(key)
    if (!entry) {
      entry = compressFile(file, encoding)
      this.cache.set(key, entry)
      // A missing file is not remembered: a request for any name must not grow the cache.
      void entry.then((body) => body ?? this.cache.delete(key))
    }
    return entry
  }
}

/** Paths of the files under `dir`, relative to it; none when it does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
    // `parentPath` from Node 20.12; `path` before (the engines field allows 20.9).
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? (e as { path?: string }).path ?? dir, e.name)))
  } catch {
    return []
  }
}

async function compressFile(file: string, encoding: Encoding): Promise<Buffer | undefined> {
  let raw: Buffer
  try {
    raw = await fs.readFile(file)
  } catch {
    return undefined
  }
  return encoding === 'br'
    ? brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : gzip(raw, { level: 6 })
}

/** Brotli when the client takes it, else gzip; undefined for neither (or `q=0` for both). */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | undefined {
  const accepted = new Map<string, number>()
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name) accepted.set(name, q ? Number(q.slice(2)) || 0 : 1)
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0
  if (weight('br') > 0) return 'br'
  if (weight('gzip') > 0) return 'gzip'
  return undefined
}
