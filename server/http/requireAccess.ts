import type { Capability } from '../../lib/collab/roles'
import { can } from '../../lib/collab/roles'
import { isBoardId } from '../../lib/collab/boardId'
import { readPrincipal, resolveBoardAccess, type Principal } from '../auth/resolveAccess'
import type { SessionUser } from '../auth/sessionCookie'
import type { BoardRow } from '../storage/BoardCatalog'
import type { ApiContext } from './ApiContext'
import { HttpError } from './respond'
import type { RouteRequest } from './Router'
import type { Role } from '../../lib/collab/roles'

function authContext(ctx: ApiContext) {
  return { catalog: ctx.storage.catalog, publicUrl: ctx.config.publicUrl, secret: ctx.secret }
}

/** The signed-in user, or 401. */
export async function requireUser(ctx: ApiContext, r: RouteRequest): Promise<SessionUser> {
  const principal = await readPrincipal(authContext(ctx), r.req, null)
  if (!principal || 'error' in principal || principal.kind !== 'user') throw new HttpError(401, 'Sign in first')
  return principal.user
}

/** The signed-in user, if any. */
export async function findUser(ctx: ApiContext, r: RouteRequest): Promise<SessionUser | undefined> {
  const principal = await readPrincipal(authContext(ctx), r.req, null)
  return principal && !('error' in principal) && principal.kind === 'user' ? principal.user : undefined
}

/**
 * The board and the caller's role on it, or 401 (no valid session or token), 404 (no such board)
 * or 403 (no access, or the role lacks the capability).
 */
export async function requireBoard(
  ctx: ApiContext,
  r: RouteRequest,
  capability: Capability,
): Promise<{ board: BoardRow; role: Role; principal: Principal }> {
  const boardId = r.params.id
  const principal = await readPrincipal(authContext(ctx), r.req, null)
  if (!isBoardId(boardId)) throw new HttpError(404, 'No such board')
  const access = await resolveBoardAccess(authContext(ctx), principal, boardId)
  if (!access.ok) throw new HttpError(access.status, access.status === 401 ? 'Sign in first' : access.status === 404 ? 'No such board' : 'You do not have access to this board')
  if (!can(access.role, capability)) throw new HttpError(403, `Your role (${access.role}) cannot do this`)
  return access
}
