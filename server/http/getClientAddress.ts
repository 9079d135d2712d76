import type { IncomingMessage } from 'node:http'

/**
 * The address a request came from. Behind `trustedProxies` reverse proxies (TRUST_PROXY) it is the
 * entry that many from the right of X-Forwarded-For (each proxy appends the address it saw; entries
 * further left are the client's own claims and could be forged); otherwise the socket's peer.
 */
export function getClientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown'
  if (trustedProxies === 0) return peer
  const header = req.headers['x-forwarded-for']
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  return hops[hops.length - trustedProxies] ?? hops[0] ?? peer
}
