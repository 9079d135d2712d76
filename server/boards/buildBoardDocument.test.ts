import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildTemplateRecords } from '../../lib/templates/buildTemplateRecords'
import { JOURNEY_TEMPLATES } from '../../lib/templates/journeyTemplates'
import { META_MAP, META_SCHEMA_KEY } from '../../lib/collab/documentLayout'
import { buildBoardDocument, readBoardRecords, validateRecords } from './buildBoardDocument'

describe('buildBoardDocument', () => {
  it.each(JOURNEY_TEMPLATES.map((t) => [t.id, t] as const))('seeds %s as valid tldraw records in the documented layout', (_id, template) => {
    const records = buildTemplateRecords(template, 'A title')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, buildBoardDocument(records))
    expect(readBoardRecords(doc).map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort())
    expect(doc.getMap(META_MAP).get(META_SCHEMA_KEY)).toMatchObject({ schemaVersion: expect.any(Number) })
  })

  it('refuses a record tldraw would reject, naming it', () => {
    const [documentRecord, page] = buildTemplateRecords(JOURNEY_TEMPLATES[0], 'T')
    expect(() => validateRecords([documentRecord, { ...page, index: 42 }])).toThrow(/page:page/)
  })
})

describe('grid changes stay valid for tldraw', () => {
  it.each(JOURNEY_TEMPLATES.map((t) => [t.id, t] as const))('%s: rename, add, move and remove produce valid records', async (_id, template) => {
    const { GridEdits, planGridChange, readGridSpec } = await import('../../lib/templates/gridOps')
    let records = buildTemplateRecords(template, 'T')
    const edits = [
      (s: ReturnType<typeof readGridSpec>) => GridEdits.renameStage(s, s.stages[0].id, 'Renamed'),
      (s: ReturnType<typeof readGridSpec>) => GridEdits.addStage(s, 'Added', 1),
      (s: ReturnType<typeof readGridSpec>) => GridEdits.addLane(s, 'Extra lane', 'custom'),
      (s: ReturnType<typeof readGridSpec>) => GridEdits.moveLane(s, s.lanes[0].id, 1),
      (s: ReturnType<typeof readGridSpec>) => GridEdits.removeStage(s, s.stages.at(-1)!.id),
    ]
    for (const edit of edits) {
      const changes = planGridChange(records, edit(readGridSpec(records)))
      expect(() => validateRecords(changes.put)).not.toThrow()
      const byId = new Map(records.map((r) => [r.id, r]))
      for (const id of changes.remove) byId.delete(id)
      for (const r of changes.put) byId.set(r.id, r)
      records = [...byId.values()]
    }
    expect(readGridSpec(records).stages[0].name).toBe('Renamed')
  })
})
