import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompressedStaticFiles, pickEncoding } from './CompressedStaticFiles'

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    [undefined, undefined],
  ])('%s -> %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})

describe('CompressedStaticFiles', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-static-'))
  const staticDir = path.join(dir, 'static')
  const script = 'export const note = "Checkout asks for too much";\n'.repeat(2_000)
  const files = new CompressedStaticFiles(staticDir)
  let passedOn = 0
  const server = http.createServer((req, res) => {
    void files.serve(req, res).then((served) => {
      if (served) return
      passedOn++
      res.writeHead(404).end('passed on')
    })
  })
  let base = ''

  beforeAll(async () => {
    fs.mkdirSync(path.join(staticDir, 'chunks'), { recursive: true })
    fs.writeFileSync(path.join(staticDir, 'chunks', 'app-1a2b.js'), script)
    fs.writeFileSync(path.join(dir, 'secret.js'), 'not served')
    fs.writeFileSync(path.join(staticDir, 'media', 'font.woff2').replace('media', 'chunks'), 'binary')
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const get = (url: string, acceptEncoding?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${base}${url}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
    })

  it('serves a build script brotli-compressed, immutable, and the same bytes once decompressed', async () => {
    const res = await get('/_next/static/chunks/app-1a2b.js', 'gzip, deflate, br')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toContain('javascript')
    expect(res.headers['cache-control']).toContain('immutable')
    expect(res.body.length).toBeLessThan(script.length / 10)
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script)
  })

  it('serves gzip to a client without brotli', async () => {
    const res = await get('/_next/static/chunks/app-1a2b.js', 'gzip')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(res.body).toString()).toBe(script)
  })

  it('compresses each file once per encoding, however often and concurrently it is asked for', async () => {
    const before = files.size
    await Promise.all(Array.from({ length: 5 }, () => get('/_next/static/chunks/app-1a2b.js', 'br')))
    expect(files.size).toBe(before)
  })

  it('passes on what it does not serve: no encoding, other types, missing files, paths outside the folder', async () => {
    const before = passedOn
    expect((await get('/_next/static/chunks/app-1a2b.js')).body.toString()).toBe('passed on')
    expect((await get('/_next/static/chunks/font.woff2', 'br')).body.toString()).toBe('passed on')
    expect((await get('/_next/static/chunks/missing.js', 'br')).body.toString()).toBe('passed on')
    expect((await get('/_next/static/%2e%2e/secret.js', 'br')).body.toString()).toBe('passed on')
    expect((await get('/api/health', 'br')).body.toString()).toBe('passed on')
    expect(passedOn - before).toBe(5)
    // A missing name is not remembered.
    expect(files.size).toBe(2)
  })

  it('compresses the build ahead: scripts and styles in nested folders with brotli, not fonts or source maps', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-static-warm-'))
    fs.mkdirSync(path.join(dir, 'chunks', 'nested'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'chunks', 'app.js'), script)
    fs.writeFileSync(path.join(dir, 'chunks', 'nested', 'page.css'), 'body { color: red }\n'.repeat(100))
    fs.writeFileSync(path.join(dir, 'chunks', 'app.js.map'), '{}')
    fs.writeFileSync(path.join(dir, 'chunks', 'font.woff2'), 'binary')
    const warmed = new CompressedStaticFiles(dir)
    expect(await warmed.warm()).toBe(2)
    expect(warmed.size).toBe(2)
    expect(await new CompressedStaticFiles(path.join(dir, 'missing')).warm()).toBe(0)
  })
})
