import type { z } from 'zod'
import { ServerTimeSchema } from '../../../lib/api/versionApi'
import { sendJson } from '../respond'
import type { Router } from '../Router'

/**
 * `GET /api/time`: the server's clock as `{ now }` in ms since the epoch, open to anyone. Browsers
 * base the shared workshop timer on it (components/facilitation/useServerClock.ts), not on their own
 * clocks, so every screen counts down to the same moment.
 */
export function registerTimeRoutes(router: Router): void {
  router.on('GET', '/api/time', ({ res }) => sendJson(res, 200, { now: Date.now() } satisfies z.infer<typeof ServerTimeSchema>))
}
