import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './respond'

export interface RouteRequest {
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string>
  query: URLSearchParams
}

type Handler = (r: RouteRequest) => Promise<void> | void

/** A small method + path-pattern router (`/api/boards/:id/members/:userId`). */
export class Router {
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = []

  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = []
    const pattern = new RegExp(
      '^' +
        path.replace(/:([a-zA-Z]+)/g, (_m, key: string) => {
          keys.push(key)
          return '([^/]+)'
        }) +
        '$',
    )
    this.routes.push({ method, pattern, keys, handler })
    return this
  }

  /** Runs the matching route; false when no path matches. 405 when the path matches another method. */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    let pathMatched = false
    for (const route of this.routes) {
      const m = route.pattern.exec(url.pathname)
      if (!m) continue
      pathMatched = true
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue
      const params: Record<string, string> = {}
      route.keys.forEach((key, i) => {
        try {
          params[key] = decodeURIComponent(m[i + 1])
        } catch {
          throw new HttpError(400, 'Malformed URL')
        }
      })
      await route.handler({ req, res, params, query: url.searchParams })
      return true
    }
    if (pathMatched) throw new HttpError(405, `Method ${req.method} not allowed`)
    return false
  }
}
