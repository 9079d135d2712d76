import type { z } from 'zod'
import { InviteBodySchema, InviteListSchema, InviteSchema, MemberListSchema, RoleBodySchema, RoleChangeSchema } from '../../../lib/api/memberApi'
import { CLOSE_ROLE_CHANGED, CloseReason } from '../../../lib/collab/closeReasons'
import { can } from '../../../lib/collab/roles'
import { getJoinCodeOfToken } from '../../../lib/collab/joinCode'
import type { ApiContext } from '../ApiContext'
import { createInviteToken } from './joinCodeRoutes'
import { getLinkOrigin } from '../getLinkOrigin'
import { requireBoard } from '../requireAccess'
import { HttpError, readJsonBody, sendJson } from '../respond'
import type { Router } from '../Router'
import { parseInput } from '../parseInput'

/** Members and invite links of a board: facilitators manage them (server-enforced). */
export function registerMemberRoutes(router: Router, ctx: ApiContext): void {
  router.on('GET', '/api/boards/:id/members', async (r) => {
    const { board, role } = await requireBoard(ctx, r, 'board:read')
    const members = await ctx.storage.catalog.listMembers(board.id)
    const online = await ctx.sync.onlineUsers(board.id)
    // Everyone on the board sees who is on it; only those who manage members see their emails.
    const showEmails = can(role, 'board:manage')
    sendJson(r.res, 200, {
      members: members.map((m) => ({ ...m, email: showEmails ? m.email : null, isOwner: m.userId === board.ownerId, online: online.has(m.userId) })),
    } satisfies z.infer<typeof MemberListSchema>)
  })

  router.on('PATCH', '/api/boards/:id/members/:userId', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:manage')
    const { role } = parseInput(RoleBodySchema, await readJsonBody(r.req), 'Invalid role')
    if (r.params.userId === board.ownerId) throw new HttpError(403, "The owner's role cannot be changed")
    if (!(await ctx.storage.catalog.getMemberRole(board.id, r.params.userId))) throw new HttpError(404, 'No such member')
    await ctx.storage.catalog.setMember(board.id, r.params.userId, role, Date.now())
    // Their open connections reconnect and pick up the new role.
    ctx.sync.closeUser(board.id, r.params.userId, CLOSE_ROLE_CHANGED, 'role changed')
    sendJson(r.res, 200, { userId: r.params.userId, role } satisfies z.infer<typeof RoleChangeSchema>)
  })

  router.on('DELETE', '/api/boards/:id/members/:userId', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:manage')
    if (r.params.userId === board.ownerId) throw new HttpError(403, 'The owner cannot be removed')
    await ctx.storage.catalog.removeMember(board.id, r.params.userId)
    ctx.sync.closeUser(board.id, r.params.userId, CloseReason.FORBIDDEN, 'removed from the board')
    r.res.writeHead(204).end()
  })

  router.on('GET', '/api/boards/:id/invites', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:manage')
    const invites = await ctx.storage.catalog.listInvites(board.id)
    sendJson(r.res, 200, { invites: invites.map((i) => ({ ...i, joinCode: getJoinCodeOfToken(i.token) ?? null, url: `${getLinkOrigin(r.req, ctx.config)}/join/${i.token}` })) } satisfies z.infer<typeof InviteListSchema>)
  })

  router.on('POST', '/api/boards/:id/invites', async (r) => {
    const { board, principal } = await requireBoard(ctx, r, 'board:manage')
    const body = parseInput(InviteBodySchema, await readJsonBody(r.req), 'Invalid invite')
    const now = Date.now()
    const invite = {
      token: await createInviteToken(ctx.storage.catalog, now),
      boardId: board.id,
      role: body.role,
      createdBy: principal.kind === 'user' ? principal.user.userId : null,
      createdAt: now,
      expiresAt: body.expiresInHours ? now + body.expiresInHours * 3_600_000 : null,
      revokedAt: null,
    }
    await ctx.storage.catalog.createInvite(invite)
    sendJson(r.res, 201, { ...invite, joinCode: getJoinCodeOfToken(invite.token) ?? null, url: `${getLinkOrigin(r.req, ctx.config)}/join/${invite.token}` } satisfies z.infer<typeof InviteSchema>)
  })

  router.on('DELETE', '/api/boards/:id/invites/:token', async (r) => {
    const { board } = await requireBoard(ctx, r, 'board:manage')
    const invite = await ctx.storage.catalog.getInvite(r.params.token)
    if (!invite || invite.boardId !== board.id) throw new HttpError(404, 'No such invite')
    await ctx.storage.catalog.revokeInvite(invite.token, Date.now())
    r.res.writeHead(204).end()
  })
}
