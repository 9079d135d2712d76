import { DEFAULT_PAGE_ID, type ShapeRecord } from './records'
import { toRichText } from './richText'

export interface NoteRecordOptions {
  id: string
  x: number
  y: number
  /** The fractional index that orders the note among its siblings. */
  index: string
  /** Plain text, or a rich-text document as tldraw stores it. */
  text: string | object
  /** One of tldraw's colour names (`DefaultColorStyle`). */
  color: string
  parentId?: string
  rotation?: number
  scale?: number
  growY?: number
  meta?: Record<string, unknown>
}

/**
 * A valid tldraw 5.1.1 `note` shape record, the one place that writes a note's defaults: the props
 * of tldraw's `NoteShapeUtil.getDefaultProps()` (re-check them on a tldraw upgrade) with the given
 * text, colour, scale and growth, on the default page unless a parent is given.
 */
export function buildNoteRecord(options: NoteRecordOptions): ShapeRecord {
  return {
    id: options.id,
    typeName: 'shape',
    type: 'note',
    x: options.x,
    y: options.y,
    rotation: options.rotation ?? 0,
    index: options.index,
    parentId: options.parentId ?? DEFAULT_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: options.meta ?? {},
    props: {
      color: options.color,
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: options.growY ?? 0,
      url: '',
      richText: typeof options.text === 'string' ? toRichText(options.text) : options.text,
      scale: options.scale ?? 1,
      textFirstEditedBy: null,
    },
  }
}
