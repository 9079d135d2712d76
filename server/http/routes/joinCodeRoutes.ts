import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { JoinCodeAnswerSchema } from '../../../lib/api/accountApi'
import { buildJoinCode, normaliseJoinCode } from '../../../lib/collab/joinCode'
import type { BoardCatalog, InviteRow } from '../../storage/BoardCatalog'
import type { ApiContext } from '../ApiContext'
import { getClientAddress } from '../getClientAddress'
import { HttpError, sendJson } from '../respond'
import type { Router } from '../Router'

/** Tries for a join code that no live invite has (with 31^6 codes, the first nearly always). */
const CODE_TRIES = 8

function isLive(invite: InviteRow, now: number): boolean {
  return !invite.revokedAt && (invite.expiresAt === null || invite.expiresAt > now)
}

/**
 * A new invite token, `<join code><24 random bytes, URL-safe>`: the link's secret is the random
 * part, and the code in front lets a person type six characters instead of following the link. The
 * code is one no live invite has.
 */
export async function createInviteToken(catalog: BoardCatalog, now: number): Promise<string> {
  for (let i = 0; i < CODE_TRIES; i++) {
    const code = buildJoinCode(randomBytes(6))
    const taken = (await catalog.listInvitesByJoinCode(code)).some((invite) => isLive(invite, now))
    if (!taken) return `${code}${randomBytes(24).toString('base64url')}`
  }
  throw new Error('No free join code found')
}

/**
 * `GET /api/join-codes/:code`: the invite link a join code stands for, while its invite is live.
 * Guessing is slowed per address as sign-in is (LoginRateLimiter): a wrong code counts against the
 * address, a right one does not, and past a few wrong ones the address must wait (429).
 */
export function registerJoinCodeRoutes(router: Router, ctx: ApiContext): void {
  router.on('GET', '/api/join-codes/:code', async (r) => {
    const address = getClientAddress(r.req, ctx.config.trustProxy)
    const key = `join-code:${address}`
    const attempt = ctx.loginLimiter.begin(key, address)
    if (!attempt.ok) {
      r.res.setHeader('retry-after', String(Math.ceil(attempt.retryAfterMs / 1000)))
      throw new HttpError(429, 'Too many wrong join codes from this address: wait a few minutes, or ask for the invite link')
    }
    const code = normaliseJoinCode(decodeURIComponent(r.params.code ?? ''))
    if (!code) throw new HttpError(400, 'A join code is six letters and digits, like ABC 234')
    const now = Date.now()
    const invite = (await ctx.storage.catalog.listInvitesByJoinCode(code)).find((i) => isLive(i, now))
    if (!invite) throw new HttpError(404, 'No invite has this code, or its invite has expired or was revoked')
    ctx.loginLimiter.succeeded(key, address)
    sendJson(r.res, 200, { token: invite.token } satisfies z.infer<typeof JoinCodeAnswerSchema>)
  })
}
