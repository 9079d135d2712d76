/**
 * Minimal JSON shapes of tldraw records as they travel through Yjs and exports. The pure layer
 * works on plain JSON (validated by tldraw's own schema at the edges), so these types describe only
 * the fields it reads or writes.
 */
export interface BoardRecord {
  id: string
  typeName: string
  [key: string]: unknown
}

export interface ShapeRecord extends BoardRecord {
  typeName: 'shape'
  type: string
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

export const DOCUMENT_RECORD_ID = 'document:document'
export const DEFAULT_PAGE_ID = 'page:page'

export function isShapeRecord(record: BoardRecord): record is ShapeRecord {
  return record.typeName === 'shape' && typeof record.type === 'string'
}

/** The document and page records every board has. */
export function buildDocumentRecords(pageName = 'Journey'): BoardRecord[] {
  return [
    { id: DOCUMENT_RECORD_ID, typeName: 'document', gridSize: 10, name: '', meta: {} },
    { id: DEFAULT_PAGE_ID, typeName: 'page', name: pageName, index: 'a1', meta: {} },
  ]
}
