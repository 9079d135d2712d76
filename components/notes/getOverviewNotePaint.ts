import { getDisplayValues, type NoteShapeUtil, type TLNoteShape } from 'tldraw'
import { toPlainText } from '../../lib/tldraw/richText'
import type { OverviewNotePaint } from './drawOverviewNote'
import { getGreekedTextBox, scaleGreekedLines } from './getGreekedTextBox'
import { isRichTextEmpty } from './tldrawNoteInternals'

/** tldraw's note shadow, reduced to what shows at overview sizes: its darkest band, under the note's edge. */
const NOTE_SHADOW_COLOR = 'rgba(15, 23, 31, 0.2)'
const NOTE_SHADOW_OFFSET = 3

type Cached = { colorMode: 'light' | 'dark'; border: boolean; paint: OverviewNotePaint }

/** Per note record (records are immutable: an edit is a new record), so a redraw reuses the last paint. */
const cache = new WeakMap<TLNoteShape, Cached>()

/**
 * How the overview canvas draws a note: tldraw's display values for its colour, size and label
 * (the note body's formula of `NoteShapeUtil`), its text as greeked lines (getGreekedTextBox), and
 * the flat border tldraw gives notes instead of a shadow when zoomed out (`border`).
 */
export function getOverviewNotePaint(util: NoteShapeUtil, shape: TLNoteShape, colorMode: 'light' | 'dark', border: boolean): OverviewNotePaint {
  const hit = cache.get(shape)
  if (hit && hit.colorMode === colorMode && hit.border === border) return hit.paint
  const dv = getDisplayValues(util, shape, colorMode)
  const { scale, growY, richText, fontSizeAdjustment } = shape.props
  const height = dv.noteHeight + growY
  const box = isRichTextEmpty(richText)
    ? undefined
    : getGreekedTextBox({
        text: toPlainText(richText),
        width: dv.noteWidth,
        height,
        fontSize: (fontSizeAdjustment ?? 1) * dv.labelFontSize,
        lineHeight: dv.labelLineHeight,
        padding: dv.labelPadding,
        textAlign: dv.labelHorizontalAlign,
        verticalAlign: dv.labelVerticalAlign,
      })
  const paint: OverviewNotePaint = {
    width: dv.noteWidth * scale,
    height: height * scale,
    fill: dv.noteBackgroundColor,
    border: border ? { color: dv.borderColor, width: dv.borderWidth * scale } : undefined,
    shadow: border ? undefined : { color: NOTE_SHADOW_COLOR, offset: NOTE_SHADOW_OFFSET * scale },
    lines: box && { ...scaleGreekedLines(box, scale), color: dv.labelColor },
  }
  cache.set(shape, { colorMode, border, paint })
  return paint
}
