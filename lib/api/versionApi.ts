import { z } from 'zod'

/** The contract of agreed versions and the server clock (server/http/routes/versionRoutes.ts); see boardApi. */

/** `GET /api/time`: the server's clock, in ms since the epoch. */
export const ServerTimeSchema = z.object({ now: z.number() })

/** `POST /api/boards/:id/versions`. */
export const VersionBodySchema = z.object({ label: z.string().trim().min(1, 'Give the version a label').max(120) })
export type VersionBody = z.input<typeof VersionBodySchema>

/** A saved version (the answer to `POST /api/boards/:id/versions`, 201). */
export const VersionSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  label: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
})
export type Version = z.infer<typeof VersionSchema>

/** `GET /api/boards/:id/versions`. */
export const VersionListSchema = z.object({ versions: z.array(VersionSchema) })

/** `POST /api/boards/:id/versions/:versionId/restore`. */
export const RestoredSchema = z.object({ restored: z.string(), label: z.string() })
/** The 503 of a restore that is queued but not stored yet (the room stores it once storage works). */
export const RestoreQueuedSchema = z.object({ error: z.string(), reason: z.string(), restored: z.string(), saved: z.literal(false) })
