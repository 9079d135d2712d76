import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { AcceptBodySchema, AcceptedSchema, InviteInfoSchema, SignUpBodySchema, SignUpSchema } from '../../../lib/api/accountApi'
import { ROLES } from '../../../lib/collab/roles'
import { hashPassword } from '../../auth/passwords'
import { buildSessionCookie } from '../../auth/sessionCookie'
import type { InviteRow } from '../../storage/BoardCatalog'
import type { ApiContext } from '../ApiContext'
import { findUser } from '../requireAccess'
import { HttpError, readJsonBody, sendJson } from '../respond'
import type { Router } from '../Router'
import { parseInput } from '../parseInput'


const ROLE_RANK = Object.fromEntries(ROLES.map((r, i) => [r, ROLES.length - i])) as Record<(typeof ROLES)[number], number>

function inviteState(invite: InviteRow | undefined, now: number): 'valid' | 'revoked' | 'expired' | 'missing' {
  if (!invite) return 'missing'
  if (invite.revokedAt) return 'revoked'
  if (invite.expiresAt !== null && invite.expiresAt <= now) return 'expired'
  return 'valid'
}

/** Sign-up for local accounts, and joining a board through an invite link (as a user or a guest). */
export function registerAccountRoutes(router: Router, ctx: ApiContext): void {
  router.on('POST', '/api/signup', async (r) => {
    const { email, name, password } = parseInput(SignUpBodySchema, await readJsonBody(r.req), 'Check the form')
    // The same answer, after the same hashing work, whether or not the email has an account: a
    // sign-up must not tell a stranger who is registered. The page then signs in with the password;
    // for an existing account that works only with that account's own password.
    const passwordHash = await ctx.hashQueue.run(() => hashPassword(password))
    if (!(await ctx.storage.catalog.getUserByEmail(email))) {
      try {
        await ctx.storage.catalog.createUser({ id: randomUUID(), kind: 'account', email, name, passwordHash, createdAt: Date.now() })
      } catch (err) {
        // Two sign-ups for one email at once: the other one won, and the answer is the same.
        if (!(await ctx.storage.catalog.getUserByEmail(email))) throw err
      }
    }
    sendJson(r.res, 201, { email, name } satisfies z.infer<typeof SignUpSchema>)
  })

  router.on('GET', '/api/invites/:token', async (r) => {
    const invite = await ctx.storage.catalog.getInvite(r.params.token)
    const state = inviteState(invite, Date.now())
    if (state !== 'valid' || !invite) throw new HttpError(state === 'missing' ? 404 : 410, `This invite link is ${state === 'missing' ? 'not valid' : state}`)
    const board = await ctx.storage.catalog.getBoard(invite.boardId)
    if (!board) throw new HttpError(404, 'The board of this invite no longer exists')
    const user = await findUser(ctx, r)
    sendJson(r.res, 200, { boardId: board.id, boardTitle: board.title, role: invite.role, signedInAs: user?.name ?? null } satisfies z.infer<typeof InviteInfoSchema>)
  })

  router.on('POST', '/api/invites/:token/accept', async (r) => {
    const now = Date.now()
    const invite = await ctx.storage.catalog.getInvite(r.params.token)
    const state = inviteState(invite, now)
    if (state !== 'valid' || !invite) throw new HttpError(state === 'missing' ? 404 : 410, `This invite link is ${state === 'missing' ? 'not valid' : state}`)
    const body = parseInput(AcceptBodySchema, await readJsonBody(r.req), 'Check the form')
    let user = await findUser(ctx, r)
    if (!user) {
      // A guest: no account, just a display name, kept in a session cookie of their own.
      if (!body.name) throw new HttpError(400, 'Enter your name to join as a guest', [{ path: ['name'], message: 'Enter your name' }])
      const guest = { id: randomUUID(), kind: 'guest' as const, email: null, name: body.name, passwordHash: null, createdAt: now }
      await ctx.storage.catalog.createUser(guest)
      user = { userId: guest.id, name: guest.name, guest: true }
      r.res.setHeader('Set-Cookie', await buildSessionCookie(user, ctx.config.publicUrl, ctx.secret))
    }
    const current = await ctx.storage.catalog.getMemberRole(invite.boardId, user.userId)
    // Joining again through a lesser link never demotes anyone.
    if (!current || ROLE_RANK[invite.role] > ROLE_RANK[current]) await ctx.storage.catalog.setMember(invite.boardId, user.userId, invite.role, now)
    sendJson(r.res, 200, { boardId: invite.boardId, role: (await ctx.storage.catalog.getMemberRole(invite.boardId, user.userId)) ?? invite.role } satisfies z.infer<typeof AcceptedSchema>)
  })
}
