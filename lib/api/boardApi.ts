import { z } from 'zod'
import { ROLES } from '../collab/roles'
import { LANE_KINDS } from '../templates/laneKinds'

/**
 * The contract of the board routes (server/http/routes/boardRoutes.ts): what each request carries
 * and what each answer holds. The server parses requests with these schemas and checks its answers
 * against the types; the browser's client (components/api/apiClient.ts) validates the answers.
 */

/** The formats `GET /api/boards/:id/journey` and the CLI export. */
export const JOURNEY_FORMATS = ['json', 'csv', 'md'] as const
export type JourneyFormat = (typeof JOURNEY_FORMATS)[number]

/** `GET /api/boards/:id/journey?format&version`. */
export const ExportQuerySchema = z.object({
  format: z.enum(JOURNEY_FORMATS).default('json'),
  /** live (default), agreed (the latest agreed version) or a version id. */
  version: z.string().min(1).default('live'),
})

/** `POST /api/boards`. */
export const CreateBoardBodySchema = z.object({
  title: z.string().trim().min(1, 'A board needs a title').max(200),
  template: z.string().min(1).optional(),
})
export type CreateBoardBody = z.input<typeof CreateBoardBodySchema>

/** `PATCH /api/boards/:id`. */
export const UpdateBoardBodySchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  archived: z.boolean().optional(),
})
export type UpdateBoardBody = z.input<typeof UpdateBoardBodySchema>

/** A board's catalogue entry with its link: the answer to create, import and rename. */
export const BoardSchema = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  createdAt: z.number(),
  /** The facilitator who created it; null for boards made by the admin CLI. */
  ownerId: z.string().nullish(),
  archivedAt: z.number().nullish(),
  url: z.string(),
})
export type Board = z.infer<typeof BoardSchema>

/** `GET /api/boards`: the caller's boards, with their role on each. */
export const BoardListSchema = z.object({
  boards: z.array(BoardSchema.extend({ role: z.enum(ROLES), isOwner: z.boolean() })),
})
export type BoardSummary = z.infer<typeof BoardListSchema>['boards'][number]

/** `GET /api/boards/:id`: the board, the caller's role and who the caller is (a token's guest has no id). */
export const BoardInfoSchema = BoardSchema.extend({
  role: z.enum(ROLES),
  me: z.object({ id: z.string().nullable(), name: z.string(), guest: z.boolean() }),
})
export type BoardInfo = z.infer<typeof BoardInfoSchema>

/** `GET /api/templates`. */
export const TemplateListSchema = z.object({
  templates: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      stages: z.array(z.object({ id: z.string(), name: z.string() })),
      lanes: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(LANE_KINDS) })),
    }),
  ),
})
