import { parse as parseCookie } from 'cookie'
import type { IncomingMessage, ServerResponse } from 'node:http'
import NextAuth, { type AuthOptions } from 'next-auth'
import { readBody } from '../http/respond'

export const AUTH_PATH_PREFIX = '/api/auth/'

/**
 * Serves next-auth's routes (/api/auth/*) from our own HTTP server, so authentication lives in
 * server/ next to the storage it checks. Mirrors next-auth's own pages-router adapter.
 */
export async function handleNextAuth(req: IncomingMessage, res: ServerResponse, options: AuthOptions, clientAddress: string): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (!url.pathname.startsWith(AUTH_PATH_PREFIX)) return false
  const [action, providerId] = url.pathname.slice(AUTH_PATH_PREFIX.length).split('/')
  const query = Object.fromEntries(url.searchParams)
  let body: Record<string, unknown> | undefined
  if (req.method === 'POST') {
    const text = (await readBody(req, 64 * 1024)).toString('utf8')
    const type = req.headers['content-type'] ?? ''
    body = type.includes('application/json') ? (JSON.parse(text || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text))
  }
  // next-auth's pages-router handler expects Next's API request and response helpers.
  const apiReq = Object.assign(req, {
    query: { ...query, nextauth: [action, providerId].filter(Boolean) },
    body,
    cookies: parseCookie(req.headers.cookie ?? ''),
  })
  // The credentials provider reads the client address from here for rate limiting.
  req.headers['x-journey-client-address'] = clientAddress
  const apiRes = Object.assign(res, {
    status(code: number) {
      res.statusCode = code
      return apiRes
    },
    json(value: unknown) {
      if (!res.headersSent) res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(value))
      return apiRes
    },
    send(value: unknown) {
      res.end(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value ?? ''))
      return apiRes
    },
  })
  await (NextAuth as unknown as (req: unknown, res: unknown, options: AuthOptions) => Promise<void>)(apiReq, apiRes, options)
  return true
}
