import { DEFAULT_PAGE_ID, type ShapeRecord } from '../tldraw/records'
import { toRichText } from '../tldraw/richText'

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
 * A valid tldraw 5.1.1 `note` shape record for tests, fixtures and benchmarks (not used by the
 * app): the defaults of tldraw's NoteShapeUtil with the given position, text and meta.
 */
export function buildTestNote(options: TestNoteOptions): ShapeRecord {
  const text = options.text ?? ''
  return {
    id: options.id,
    typeName: 'shape',
    type: 'note',
    x: options.x,
    y: options.y,
    rotation: options.rotation ?? 0,
    index: options.index ?? 'c000',
    parentId: options.parentId ?? DEFAULT_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: options.meta ?? {},
    props: {
      color: options.color ?? 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: options.growY ?? 0,
      url: '',
      richText: typeof text === 'string' ? toRichText(text) : text,
      scale: options.scale ?? 1,
      textFirstEditedBy: null,
    },
  }
}
