import { describe, expect, it } from 'vitest'
import committed from '../../docs/journey.schema.json'
import { buildJourneyJsonSchema } from './buildJourneyJsonSchema'
import { JourneyMapSchema } from './journeySchema'
import { buildTestJourney } from '../../testing/buildTestJourney'

describe('docs/journey.schema.json', () => {
  it('matches the zod schema (regenerate with `npx tsx scripts/buildJourneySchema.ts`)', () => {
    expect(committed).toEqual(JSON.parse(buildJourneyJsonSchema()))
  })

  it('is draft 2020-12 and pins the schema version', () => {
    const schema = JSON.parse(buildJourneyJsonSchema())
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.properties.schemaVersion.const).toBe(1)
    expect(schema.properties.lanes.items.properties.kind.enum).toContain('painPoints')
  })

  it('is stable text', () => {
    expect(buildJourneyJsonSchema()).toBe(buildJourneyJsonSchema())
    expect(buildJourneyJsonSchema().endsWith('}\n')).toBe(true)
  })

  it('parses the smallest valid journey', () => {
    // No grid, no notes, an empty persona and scope: what a test journey starts from.
    const minimal = buildTestJourney({ title: '' })
    expect(JourneyMapSchema.safeParse(minimal).success).toBe(true)
  })
})
