import { buildNoteRecord } from '../lib/tldraw/buildNoteRecord'
import type { ShapeRecord } from '../lib/tldraw/records'

export interface TestNoteOptions {
  id: string
  x: number
  y: number
  /** Plain text, or a rich-text document as tldraw stores it. */
  text?: string | object
  parentId?: string
  rotation?: number
  scale?: number
  growY?: number
  color?: string
  index?: string
  meta?: Record<string, unknown>
}

/**
 * A note for tests, fixtures and benchmarks (not used by the app): `buildNoteRecord` with an empty
 * yellow note at index c000 unless told otherwise.
 */
export function buildTestNote(options: TestNoteOptions): ShapeRecord {
  return buildNoteRecord({ ...options, text: options.text ?? '', color: options.color ?? 'yellow', index: options.index ?? 'c000' })
}
