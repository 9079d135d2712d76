import { parse as parseCookie } from 'cookie'
import type { IncomingMessage, ServerResponse } from 'node:http'
import NextAuth, { type AuthOptions } from 'next-auth'
import { HashQueueFullError, type HashQueue } from './HashQueue'
import type { LoginRateLimiter } from './LoginRateLimiter'
import { HttpError, readBody, sendJson } from '../http/respond'

/** Largest body accepted by next-auth's routes (a sign-in form is a few hundred bytes). */
export const MAX_AUTH_BODY_BYTES = 64 * 1024

export const AUTH_PATH_PREFIX = '/api/auth/'

/**
 * Serves next-auth's routes (/api/auth/*) from our own HTTP server, so authentication lives in
 * server/ next to the storage it checks. Mirrors next-auth's own pages-router adapter.
 */
export interface SignInGuard {
  limiter: LoginRateLimiter
  hashQueue: HashQueue
  /** Where a refused sign-in's error page is (next-auth's client follows `url`). */
  publicUrl: string
}

export async function handleNextAuth(req: IncomingMessage, res: ServerResponse, options: AuthOptions, clientAddress: string, guard: SignInGuard): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (!url.pathname.startsWith(AUTH_PATH_PREFIX)) return false
  const [action, providerId] = url.pathname.slice(AUTH_PATH_PREFIX.length).split('/')
  const query = Object.fromEntries(url.searchParams)
  let body: Record<string, unknown> | undefined
  if (req.method === 'POST') {
    try {
      body = parseAuthBody((await readBody(req, MAX_AUTH_BODY_BYTES)).toString('utf8'), req.headers['content-type'] ?? '')
    } catch (err) {
      // Bad input is the client's fault: a 4xx with the reason, never a 500.
      if (!(err instanceof HttpError)) throw err
      sendJson(res, err.status, { error: err.message })
      return true
    }
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
  const run = () => (NextAuth as unknown as (req: unknown, res: unknown, options: AuthOptions) => Promise<void>)(apiReq, apiRes, options)
  if (req.method === 'POST' && action === 'callback' && providerId === 'credentials') {
    // Counted before any password is hashed; then at most a few hashes run at once.
    const attempt = guard.limiter.begin(String(body?.email ?? ''), clientAddress)
    if (!attempt.ok) return refuseSignIn(res, guard, Math.ceil(attempt.retryAfterMs / 1000), `Too many failed sign-ins from this address. Try again in ${formatWait(attempt.retryAfterMs)}.`)
    if (attempt.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.delayMs))
    try {
      await guard.hashQueue.run(run)
    } catch (err) {
      if (!(err instanceof HashQueueFullError)) throw err
      return refuseSignIn(res, guard, err.retryAfterS, err.message)
    }
    return true
  }
  await run()
  return true
}

/** 429 with Retry-After, in the shape next-auth's client reads (`url` carrying the error). */
function refuseSignIn(res: ServerResponse, guard: SignInGuard, retryAfterS: number, message: string): true {
  res.setHeader('retry-after', String(retryAfterS))
  sendJson(res, 429, { error: message, url: `${guard.publicUrl}/signin?error=${encodeURIComponent(message)}` })
  return true
}

function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000)
  return s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`
}

/** next-auth's POST bodies: form-encoded (its own forms) or a JSON object; anything else is 400. */
function parseAuthBody(text: string, contentType: string): Record<string, unknown> {
  if (!contentType.includes('application/json')) return Object.fromEntries(new URLSearchParams(text))
  let value: unknown
  try {
    value = JSON.parse(text || '{}')
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Request body must be a JSON object')
  return value as Record<string, unknown>
}
