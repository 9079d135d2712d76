import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { ROLES, type Role } from '../../lib/collab/roles'

/** A short-lived credential for one board, for scripts and tests: `v1.<payload>.<signature>`. */
export interface SyncTokenClaims {
  boardId: string
  role: Role
  name: string
  /** Expiry, ms since the epoch. */
  expiresAt: number
  /** The user it was issued to, if any (removing that member then revokes it). */
  userId?: string
}

const ClaimsSchema = z.object({
  boardId: z.string(),
  role: z.enum(ROLES),
  name: z.string(),
  expiresAt: z.number(),
  userId: z.string().optional(),
})

const PREFIX = 'v1'

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${PREFIX}.${payload}`).digest('base64url')
}

export function createSyncToken(claims: SyncTokenClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${PREFIX}.${payload}.${sign(payload, secret)}`
}

export type SyncTokenResult = { ok: true; claims: SyncTokenClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' }

/** Verifies signature and expiry. */
export function verifySyncToken(token: string, secret: string, now = Date.now()): SyncTokenResult {
  const [prefix, payload, signature] = token.split('.')
  if (prefix !== PREFIX || !payload || !signature) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(sign(payload, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' }
  let claims: SyncTokenClaims
  try {
    claims = ClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (claims.expiresAt <= now) return { ok: false, reason: 'expired' }
  return { ok: true, claims }
}

const DURATION = /^(\d+)\s*(s|m|h|d)$/
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Parses "90s", "15m", "1h", "7d" into milliseconds. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim())
  if (!m) throw new Error(`Invalid duration "${text}": use e.g. 30m, 1h or 7d`)
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]
}
