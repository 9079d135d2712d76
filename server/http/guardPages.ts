import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthContext } from '../auth/resolveAccess'
import { readSessionUser } from '../auth/sessionCookie'

/** Pages that need a signed-in person: the dashboard and boards. */
const PROTECTED_PAGES = [/^\/$/, /^\/b\/[^/]+\/?$/]

/**
 * Sends signed-out visitors of protected pages to sign-in (with a way back). Access to a particular
 * board is then checked by the API and the sync server, which answer 403 or 4403; the page shows
 * "no access".
 */
export async function guardPages(ctx: AuthContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (!PROTECTED_PAGES.some((p) => p.test(url.pathname))) return false
  if (await readSessionUser(req, ctx.publicUrl, ctx.secret)) return false
  const back = url.pathname + url.search
  res.writeHead(302, { location: `/signin?callbackUrl=${encodeURIComponent(back)}`, 'cache-control': 'no-store' }).end()
  return true
}
