import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface SecurityHeaderOptions {
  publicUrl: string
  /** CSP frame-ancestors sources: "'none'" or a list of origins (FRAME_ANCESTORS). */
  frameAncestors: string
  /** Next's development server evaluates code for hot reloading. */
  development: boolean
}

/**
 * The Content-Security-Policy of every response. Scripts: this origin and the per-response nonce,
 * which Next puts on its own inline scripts (it reads the nonce from the request's
 * `content-security-policy` header, so pages are rendered per request). tldraw needs inline styles
 * (style attributes), `data:` and `blob:` images and fonts (exports, pasted images, its embedded
 * fonts) and `blob:` workers; its assets are served from this origin (/tldraw-assets/).
 */
export function buildContentSecurityPolicy(nonce: string, options: SecurityHeaderOptions): string {
  const publicUrl = new URL(options.publicUrl)
  const socketOrigin = `${publicUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${publicUrl.host}`
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    `connect-src 'self' ${socketOrigin} data: blob:`,
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join('; ')
}

/**
 * Sets the security headers on a response: CSP (with a fresh nonce, also handed to Next through
 * the request), no MIME sniffing, and no full URLs (board ids, invite tokens) in the Referer sent to
 * other sites. Called for every request before anything answers it.
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityHeaderOptions): void {
  const csp = buildContentSecurityPolicy(randomBytes(16).toString('base64'), options)
  // Next reads the nonce from here when it renders a page (see getScriptNonceFromHeaders).
  req.headers['content-security-policy'] = csp
  res.setHeader('content-security-policy', csp)
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin')
  if (options.frameAncestors === "'none'") res.setHeader('x-frame-options', 'DENY')
}
