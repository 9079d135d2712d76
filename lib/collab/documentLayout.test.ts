import { describe, expect, it } from 'vitest'
import { DOCUMENT_ROOTS, isDocumentRoot, META_MAP, RECORDS_ARRAY } from './documentLayout'
import { SESSION_MAP, VOTES_MAP } from './session'

describe('DOCUMENT_ROOTS (the layout the server enforces)', () => {
  it('holds exactly the records array and the meta, session and votes maps', () => {
    expect(DOCUMENT_ROOTS).toEqual({ [RECORDS_ARRAY]: 'array', [META_MAP]: 'map', [SESSION_MAP]: 'map', [VOTES_MAP]: 'map' })
    expect(isDocumentRoot('junk')).toBe(false)
    expect(isDocumentRoot('toString')).toBe(false)
  })
})
