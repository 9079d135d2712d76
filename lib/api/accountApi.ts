import { z } from 'zod'
import { ROLES } from '../collab/roles'

/** The contract of sign-up and invite links (server/http/routes/accountRoutes.ts); see boardApi. */

/** The shortest password a local account may have. */
export const MIN_PASSWORD_LENGTH = 10

/** `POST /api/signup`; the answer (201) is `{ email, name }` whether or not the email had an account. */
export const SignUpBodySchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address').max(254),
  name: z.string().trim().min(1, 'Enter your name').max(80),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
})
export type SignUpBody = z.input<typeof SignUpBodySchema>
export const SignUpSchema = z.object({ email: z.string(), name: z.string() })

/** `GET /api/invites/:token`: what the link opens, and who the caller is signed in as (null: nobody). */
export const InviteInfoSchema = z.object({
  boardId: z.string(),
  boardTitle: z.string(),
  role: z.enum(ROLES),
  signedInAs: z.string().nullable(),
})
export type InviteInfo = z.infer<typeof InviteInfoSchema>

/** `POST /api/invites/:token/accept`: a guest (not signed in) gives a name. */
export const AcceptBodySchema = z.object({ name: z.string().trim().min(1, 'Enter your name').max(60).optional() })
export type AcceptBody = z.input<typeof AcceptBodySchema>
/** The board joined and the caller's role on it now (never lowered by a lesser link). */
export const AcceptedSchema = z.object({ boardId: z.string(), role: z.enum(ROLES) })

/** `GET /api/join-codes/:code`: the invite token the code stands for. */
export const JoinCodeAnswerSchema = z.object({ token: z.string() })
export type JoinCodeAnswer = z.infer<typeof JoinCodeAnswerSchema>
