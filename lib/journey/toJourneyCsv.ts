import type { JourneyMap, JourneyNote } from './journeySchema'

export const JOURNEY_CSV_HEADER = ['stage', 'stage order', 'lane', 'text', 'author', 'votes', 'emotion score', 'kind'] as const

/** Byte order mark: spreadsheet programs read the file as UTF-8 only when it starts with one. */
const UTF8_BOM = '\uFEFF'
const CRLF = '\r\n'

/**
 * The journey's notes as CSV (RFC 4180): a header row, then one row per note in the cells (stage
 * order, then lane order, then note order), then one per unplaced note with empty stage, stage order
 * and lane. `stage order` is 1-based (the first stage is 1); `kind` is what the note is on the board
 * (`note`, `text`, `geo`, `frame`, `arrow`). Lines end with CRLF; fields with a
 * comma, quote or line break are quoted with quotes doubled. Text fields starting with = + - @, tab
 * or CR get a leading apostrophe so spreadsheets do not run them as formulas (CSV injection); the
 * number columns are written by us and never need it. Starts with a UTF-8 BOM.
 */
export function toJourneyCsv(journey: JourneyMap): string {
  const stages = new Map(journey.stages.map((s) => [s.id, s]))
  const lanes = new Map(journey.lanes.map((l) => [l.id, l]))
  const stagePosition = new Map([...journey.stages].sort((a, b) => a.order - b.order).map((s, i) => [s.id, i + 1]))
  const lanePosition = new Map([...journey.lanes].sort((a, b) => a.order - b.order).map((l, i) => [l.id, i + 1]))
  const cells = journey.cells
    .map((cell, i) => ({ cell, i }))
    .sort(
      (a, b) =>
        (stagePosition.get(a.cell.stageId) ?? Infinity) - (stagePosition.get(b.cell.stageId) ?? Infinity) ||
        (lanePosition.get(a.cell.laneId) ?? Infinity) - (lanePosition.get(b.cell.laneId) ?? Infinity) ||
        a.i - b.i,
    )
  const row = (stage: string, order: string, lane: string, note: JourneyNote) =>
    [
      textField(stage),
      order,
      textField(lane),
      textField(note.text),
      textField(note.author),
      String(note.votes),
      note.emotionScore === null ? '' : String(note.emotionScore),
      note.kind,
    ].join(',')
  const lines: string[] = [JOURNEY_CSV_HEADER.join(',')]
  for (const { cell } of cells) {
    const stage = stages.get(cell.stageId)
    const position = stagePosition.get(cell.stageId)
    for (const note of cell.notes) {
      lines.push(row(stage?.name ?? cell.stageId, position === undefined ? '' : String(position), lanes.get(cell.laneId)?.name ?? cell.laneId, note))
    }
  }
  for (const { note } of journey.unplaced) lines.push(row('', '', '', note))
  return UTF8_BOM + lines.map((line) => line + CRLF).join('')
}

const FORMULA_START = /^[=+\-@\t\r]/u
const NEEDS_QUOTES = /[",\r\n]/u

/** A text field, defused against formula injection, then quoted when RFC 4180 requires it. */
function textField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe
}
