import { describe, expect, it } from 'vitest'
import committed from '../../docs/journey.schema.json'
import { buildJourneyJsonSchema } from './buildJourneyJsonSchema'
import { JourneyMapSchema } from './journeySchema'

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
    const persona = { name: '', age: '', job: '', description: '', goals: '', motives: '', barriers: '' }
    const minimal = {
      schemaVersion: 1,
      title: '',
      template: '',
      persona,
      scope: { goal: '', segment: '', timeScale: '', kpis: '' },
      stages: [],
      lanes: [],
      cells: [],
      emotionCurve: [],
      unplaced: [],
      meta: { boardId: 'b', exportedAt: '2025-01-01T00:00:00Z', agreedVersion: null },
    }
    expect(JourneyMapSchema.safeParse(minimal).success).toBe(true)
  })
})
