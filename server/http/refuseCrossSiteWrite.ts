import type { IncomingMessage } from 'node:http'
import { HttpError } from './respond'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Whether an Origin may write: one of the allowed origins, or the host the request was sent to. */
export function isAllowedOrigin(origin: string, allowedOrigins: readonly string[], host: string | undefined): boolean {
  if (allowedOrigins.includes(origin)) return true
  try {
    return !!host && new URL(origin).host === host
  } catch {
    return false
  }
}

/**
 * CSRF defence for the JSON API. A state-changing request:
 * - sends JSON only: a body of any other type (a cross-site form, or fetch's `text/plain`, which
 *   need no CORS preflight) is refused with 415, as is a body without a content type;
 * - comes from an allowed origin: browsers name the page's origin in `Origin` (and
 *   `Sec-Fetch-Site`); another site's is refused with 403.
 * Scripts with a bearer token send no cookie, so a forged request has nothing to ride on: they need
 * no Origin. Clients that send neither header (curl, server-side scripts) are not browsers.
 */
export function refuseCrossSiteWrite(req: IncomingMessage, allowedOrigins: readonly string[]): void {
  if (!STATE_CHANGING.has(req.method ?? '')) return
  const type = req.headers['content-type']
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if ((type !== undefined || hasBody) && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
    throw new HttpError(415, 'Send the request body as JSON (content-type: application/json)')
  }
  if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return
  const origin = req.headers.origin
  if (origin !== undefined) {
    if (!isAllowedOrigin(origin, allowedOrigins, req.headers.host)) throw new HttpError(403, `Requests from ${origin} may not change anything here`)
    return
  }
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'Requests from another site may not change anything here')
}
