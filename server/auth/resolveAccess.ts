import type { IncomingMessage } from 'node:http'
import type { Role } from '../../lib/collab/roles'
import type { BoardCatalog, BoardRow } from '../storage/BoardCatalog'
import { readSessionUser, type SessionUser } from './sessionCookie'
import { verifySyncToken } from './syncToken'

/** Who is asking: a signed-in user (account or guest) or the bearer of a sync token. */
export type Principal =
  | { kind: 'user'; user: SessionUser }
  | { kind: 'token'; boardId: string; role: Role; name: string; userId?: string }

export type AccessResult =
  | { ok: true; board: BoardRow; role: Role; principal: Principal }
  | { ok: false; status: 401 | 403 | 404; reason: string }

export interface AuthContext {
  catalog: BoardCatalog
  publicUrl: string
  secret: string
}

/**
 * Reads the principal from a sync token (`?token=` or `Authorization: Bearer`) or else the session
 * cookie. A token that is present but invalid or expired is an error, never a fallback to the cookie.
 */
export async function readPrincipal(ctx: AuthContext, req: IncomingMessage, tokenParam?: string | null): Promise<Principal | { error: string } | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
  const token = tokenParam ?? bearer
  if (token) {
    const result = verifySyncToken(token, ctx.secret)
    if (!result.ok) return { error: `sync token ${result.reason}` }
    return { kind: 'token', ...result.claims }
  }
  const user = await readSessionUser(req, ctx.publicUrl, ctx.secret)
  return user ? { kind: 'user', user } : undefined
}

/** The principal's role on a board: membership for users, the signed role for tokens. */
export async function resolveBoardAccess(ctx: AuthContext, principal: Principal | { error: string } | undefined, boardId: string): Promise<AccessResult> {
  if (!principal) return { ok: false, status: 401, reason: 'not signed in' }
  if ('error' in principal) return { ok: false, status: 401, reason: principal.error }
  const board = await ctx.catalog.getBoard(boardId)
  if (!board) return { ok: false, status: 404, reason: 'no such board' }
  if (principal.kind === 'token') {
    if (principal.boardId !== boardId) return { ok: false, status: 403, reason: 'token is for another board' }
    // A token issued to a member dies with the membership.
    if (principal.userId && !(await ctx.catalog.getMemberRole(boardId, principal.userId))) return { ok: false, status: 403, reason: 'no longer a member' }
    return { ok: true, board, role: principal.role, principal }
  }
  const role = await ctx.catalog.getMemberRole(boardId, principal.user.userId)
  if (!role) return { ok: false, status: 403, reason: 'not a member of this board' }
  return { ok: true, board, role, principal }
}

/** The user id behind a principal, if any (tokens without a user have none). */
export function getPrincipalUserId(principal: Principal): string | undefined {
  return principal.kind === 'user' ? principal.user.userId : principal.userId
}

export function getPrincipalName(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.name : principal.name
}
