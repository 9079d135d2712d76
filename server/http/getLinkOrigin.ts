import type { IncomingMessage } from 'node:http'
import type { ServerConfig } from '../config'

/** A Host header we accept as a link's origin: a host name, IPv4 or [IPv6] address, optional port. */
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * The origin that links in an API answer (invite links, board links) point at: `PUBLIC_URL` when it
 * is set, otherwise the origin of the request that asked for them, so a facilitator browsing at
 * `http://192.168.1.20:3000` gets links that open there rather than at `localhost`.
 *
 * The request's own Host header is used, as this server received it. X-Forwarded-Host and
 * X-Forwarded-Proto are not trusted (anyone can send them; behind a proxy, set `PUBLIC_URL`). The
 * scheme is the connection's own (https only on a TLS socket). A Host that is not a plain host[:port]
 * falls back to the configured address, so a crafted header cannot put a path or another URL into a link.
 */
export function getLinkOrigin(req: IncomingMessage, config: Pick<ServerConfig, 'publicUrl' | 'publicUrlConfigured'>): string {
  if (config.publicUrlConfigured) return config.publicUrl
  const host = req.headers.host
  if (!host || !HOST_HEADER.test(host)) return config.publicUrl
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
  return `${scheme}://${host.toLowerCase()}`
}
