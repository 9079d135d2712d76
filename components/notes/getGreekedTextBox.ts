/**
 * Average glyph advance of tldraw's label fonts, in ems (Shantell Sans averages about 0.55 over
 * lowercase English text). Greeking only needs the lines' rough extent, not a measurement.
 */
const AVERAGE_ADVANCE_EM = 0.55
/** A greeked line's bar covers the x-height band of the line, not its full height. */
const BAR_TO_LINE_HEIGHT = 0.45

export interface GreekedTextInput {
  /** The label's plain text (paragraphs and line breaks as `\n`). */
  text: string
  /** The note's size in page units, before `scale`. */
  width: number
  height: number
  fontSize: number
  /** As a multiple of the font size. */
  lineHeight: number
  padding: number
  textAlign: 'start' | 'center' | 'end'
  verticalAlign: 'start' | 'middle' | 'end'
}

/** Where greeked lines go in the note, in unscaled page units. */
export interface GreekedTextBox {
  left: number
  top: number
  width: number
  lines: number
  /** Distance between line tops. */
  linePitch: number
  barHeight: number
}

/** Greeked lines are the text colour, faded to this opacity. */
export const GREEKED_LINE_OPACITY = 0.3

/** A box's lines on a note drawn at `scale`: the first bar's corner, its size, and the distance between bars. */
export interface GreekedLines {
  left: number
  top: number
  width: number
  count: number
  pitch: number
  barHeight: number
}

/** The lines of `box` scaled with the note, each bar centred in its line. */
export function scaleGreekedLines(box: GreekedTextBox, scale: number): GreekedLines {
  const pitch = box.linePitch * scale
  const barHeight = box.barHeight * scale
  return { left: box.left * scale, top: box.top * scale + (pitch - barHeight) / 2, width: box.width * scale, count: box.lines, pitch, barHeight }
}

/**
 * The block of lines a note's text would take, estimated from its characters: each paragraph wraps at
 * the label width, at most as many lines as fit the note, a single line as wide as its text.
 * Undefined for text with nothing to show.
 */
export function getGreekedTextBox(input: GreekedTextInput): GreekedTextBox | undefined {
  const paragraphs = input.text.split('\n').map((p) => p.trim())
  if (paragraphs.every((p) => p.length === 0)) return undefined
  // At least one unit, so a note narrower than its padding still gets whole lines (not NaN).
  const available = Math.max(1, input.width - 2 * input.padding)
  const advance = input.fontSize * AVERAGE_ADVANCE_EM
  const wrapped = paragraphs.reduce((sum, p) => sum + Math.max(1, Math.ceil((p.length * advance) / available)), 0)
  const linePitch = input.fontSize * input.lineHeight
  const fitting = Math.max(1, Math.floor((input.height - 2 * input.padding) / linePitch))
  const lines = Math.min(wrapped, fitting)
  const width = lines === 1 ? Math.min(available, paragraphs.find((p) => p.length > 0)!.length * advance) : available
  const blockHeight = lines * linePitch
  const left =
    input.textAlign === 'start' ? input.padding : input.textAlign === 'end' ? input.width - input.padding - width : (input.width - width) / 2
  const top =
    input.verticalAlign === 'start'
      ? input.padding
      : input.verticalAlign === 'end'
        ? input.height - input.padding - blockHeight
        : (input.height - blockHeight) / 2
  return { left, top, width, lines, linePitch, barHeight: linePitch * BAR_TO_LINE_HEIGHT }
}
