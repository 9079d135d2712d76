import { z } from 'zod'

/**
 * The body of every refusal under /api: `error` says what went wrong, `issues` are zod's (a 400) or
 * an import's (`{ path: 'stages[2].name', message }`), `reason` explains an outage (503).
 */
export const ApiErrorSchema = z.object({
  // A field of another shape is dropped, not the whole body: each is read on its own.
  error: z.string().optional().catch(undefined),
  issues: z.array(z.object({ path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]), message: z.string() })).optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
})
export type ApiError = z.infer<typeof ApiErrorSchema>
