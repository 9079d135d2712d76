import type { z } from 'zod'
import { HttpError } from './respond'

/**
 * Parses a request's input (body or query) with its schema from lib/api, or refuses it: a 400 with
 * `message` and zod's issues, never a 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new HttpError(400, message, parsed.error.issues)
  return parsed.data
}
