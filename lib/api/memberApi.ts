import { z } from 'zod'
import { ROLES } from '../collab/roles'

/** The contract of the member and invite routes (server/http/routes/memberRoutes.ts); see boardApi. */

/** `PATCH /api/boards/:id/members/:userId`; the answer is `{ userId, role }`. */
export const RoleBodySchema = z.object({ role: z.enum(ROLES) })
export const RoleChangeSchema = z.object({ userId: z.string(), role: z.enum(ROLES) })

/** `POST /api/boards/:id/invites`. */
export const InviteBodySchema = z.object({
  role: z.enum(ROLES),
  /** Hours until the link expires; omitted for no expiry. */
  expiresInHours: z.number().positive().max(24 * 365).optional(),
})
export type InviteBody = z.input<typeof InviteBodySchema>

/** `GET /api/boards/:id/members`: emails only for those who manage members, else null. */
export const MemberListSchema = z.object({
  members: z.array(
    z.object({
      boardId: z.string(),
      userId: z.string(),
      role: z.enum(ROLES),
      joinedAt: z.number(),
      name: z.string(),
      email: z.string().nullable(),
      kind: z.enum(['account', 'guest']),
      isOwner: z.boolean(),
      online: z.boolean(),
    }),
  ),
})
export type Member = z.infer<typeof MemberListSchema>['members'][number]

/** An invite link, as created (`POST /api/boards/:id/invites`, 201) and listed. Times in ms since the epoch. */
export const InviteSchema = z.object({
  token: z.string(),
  boardId: z.string(),
  role: z.enum(ROLES),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  /** The six characters to type at /join instead of following the link; null for links made before codes. */
  joinCode: z.string().nullable(),
  url: z.string(),
})
export type Invite = z.infer<typeof InviteSchema>

/** `GET /api/boards/:id/invites`. */
export const InviteListSchema = z.object({ invites: z.array(InviteSchema) })
