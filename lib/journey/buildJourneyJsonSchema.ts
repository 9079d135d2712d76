import { z } from 'zod'
import { JourneyMapSchema } from './journeySchema'

/**
 * The JSON Schema (draft 2020-12) of exported journeys, as the text committed in
 * `docs/journey.schema.json`: two-space indented, newline at the end. Written by
 * `scripts/buildJourneySchema.ts`; a unit test keeps the committed file in step with the zod schema.
 * The cross-checks of `JourneyMapSchema` (unique ids, known stage and lane ids) are not expressible
 * in JSON Schema and are left out.
 */
export function buildJourneyJsonSchema(): string {
  const schema = z.toJSONSchema(JourneyMapSchema, { target: 'draft-2020-12' })
  return JSON.stringify(schema, null, 2) + '\n'
}
