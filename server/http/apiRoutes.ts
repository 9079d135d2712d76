import { registerJoinCodeRoutes } from './routes/joinCodeRoutes'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiContext } from './ApiContext'
import { HashQueueFullError } from '../auth/HashQueue'
import { isStorageFailure } from '../storage/isStorageFailure'
import { refuseCrossSiteWrite } from './refuseCrossSiteWrite'
import { HttpError, sendJson } from './respond'
import { Router } from './Router'
import { registerAccountRoutes } from './routes/accountRoutes'
import { registerBoardRoutes } from './routes/boardRoutes'
import { registerMemberRoutes } from './routes/memberRoutes'
import { registerTimeRoutes } from './routes/timeRoutes'
import { registerVersionRoutes } from './routes/versionRoutes'

/**
 * The JSON API under /api (next-auth's /api/auth/* is served separately). Inputs are parsed with
 * zod; expected errors are 4xx with the issues, never a 500.
 */
export function createApiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const router = new Router()
  registerBoardRoutes(router, ctx)
  registerMemberRoutes(router, ctx)
  registerAccountRoutes(router, ctx)
  registerJoinCodeRoutes(router, ctx)
  registerVersionRoutes(router, ctx)
  registerTimeRoutes(router)
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (!path.startsWith('/api/')) return false
    try {
      refuseCrossSiteWrite(req, ctx.config.allowedOrigins)
      if (!(await router.dispatch(req, res))) throw new HttpError(404, 'No such API route')
    } catch (err) {
      if (isStorageFailure(err)) {
        // An outage, not a fault of the request: nothing was changed, and the client may retry.
        res.setHeader('retry-after', '10')
        sendJson(res, 503, { error: 'Storage unavailable', reason: 'The server cannot use its database right now; nothing was changed. Try again in a moment.' })
        return true
      }
      if (err instanceof HashQueueFullError) {
        res.setHeader('retry-after', String(err.retryAfterS))
        sendJson(res, 429, { error: err.message })
        return true
      }
      if (!(err instanceof HttpError)) throw err
      if (err.status >= 500) throw err
      sendJson(res, err.status, { error: err.message, issues: err.details })
    }
    return true
  }
}
