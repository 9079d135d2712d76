import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { build } from 'esbuild'
import { serveTldrawAssets } from '../../server/http/serveTldrawAssets'

const ENTRY = path.join(__dirname, 'stockBoardPage.tsx')
const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>stock tldraw</title><link rel="stylesheet" href="/stockBoardPage.css"></head>
<body><div id="root"></div><script type="module" src="/stockBoardPage.js"></script></body></html>`

export interface StockBoardServer {
  url: string
  stop(): Promise<void>
}

/**
 * Bundles the stock tldraw page (production React and tldraw, minified, one script and one style
 * sheet, held in memory) and serves it on 127.0.0.1 with tldraw's assets and `records` as
 * /records.json. Our server sends its pages compressed; on loopback that saves no measurable time, so
 * this one does not.
 */
export async function startStockBoardServer(records: unknown[]): Promise<StockBoardServer> {
  const bundle = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    outdir: '/stock',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  const files = new Map<string, { type: string; body: Uint8Array }>([
    ['/', { type: 'text/html', body: Buffer.from(HTML) }],
    ['/records.json', { type: 'application/json', body: Buffer.from(JSON.stringify(records)) }],
  ])
  for (const file of bundle.outputFiles) {
    files.set(`/${path.basename(file.path)}`, { type: file.path.endsWith('.css') ? 'text/css' : 'text/javascript', body: file.contents })
  }
  const server = http.createServer((req, res) => {
    if (serveTldrawAssets(req, res)) return
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    // No icon: a 404 would land among the page errors the bench collects.
    if (pathname === '/favicon.ico') return void res.writeHead(204).end()
    const file = files.get(pathname)
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': file.type }).end(file.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
