import type { JourneyMap, JourneyNote } from './journeySchema'

/**
 * A readable Markdown (CommonMark + GFM tables) summary of a journey: title heading, goal and scope,
 * persona, a stages × lanes table (notes of a cell joined with `<br>`), the emotion curve as the
 * table's last row (mean score and number of scored notes per stage), and a list of unplaced notes.
 * Notes that are not sticky notes say their kind ("_(text)_"). Empty values are shown as "–".
 *
 * Text reads as written: only what Markdown would otherwise interpret is backslash-escaped
 * (`\ * _ ` ~ [ ] < |`, an `&` that would start an entity, a line-start block marker), so
 * "Fish & chips" stays "Fish & chips" and raw HTML shows as text. Links survive only with an
 * http(s) or mailto target: a bare URL or `<URL>` becomes an autolink and `[label](URL)` a link;
 * any other target (`javascript:`, `data:`…) is left as plain text, and an image `![alt](URL)`
 * becomes a link to the image, so opening the file loads nothing remote.
 */
export function toJourneyMarkdown(journey: JourneyMap): string {
  const stages = [...journey.stages].sort((a, b) => a.order - b.order)
  const lanes = [...journey.lanes].sort((a, b) => a.order - b.order)
  const out: string[] = []
  out.push(`# ${inline(journey.title).replace(/#$/u, '\\#') || 'Untitled journey'}`, '')

  const { scope, persona } = journey
  out.push('## Goal & scope', '')
  for (const [label, value] of [
    ['Goal', scope.goal],
    ['Segment', scope.segment],
    ['Time scale', scope.timeScale],
    ['KPIs', scope.kpis],
  ] as const) {
    out.push(`- **${label}:** ${inline(value) || '–'}`)
  }
  out.push('', '## Persona', '')
  for (const [label, value] of [
    ['Name', persona.name],
    ['Age', persona.age],
    ['Job', persona.job],
    ['Description', persona.description],
    ['Goals', persona.goals],
    ['Motives', persona.motives],
    ['Barriers', persona.barriers],
  ] as const) {
    out.push(`- **${label}:** ${inline(value) || '–'}`)
  }

  out.push('', '## Journey', '')
  if (stages.length === 0 || lanes.length === 0) {
    out.push('The board has no grid.')
  } else {
    const cellNotes = new Map<string, string[]>()
    for (const cell of journey.cells) {
      const key = JSON.stringify([cell.stageId, cell.laneId])
      cellNotes.set(key, [...(cellNotes.get(key) ?? []), ...cell.notes.filter((n) => n.text.trim() !== '').map((n) => cellText(n.text) + kindLabel(n))])
    }
    out.push(tableRow(['', ...stages.map((s) => cellText(s.name) || s.id)]))
    out.push(tableRow(['---', ...stages.map(() => '---')]))
    for (const lane of lanes) {
      const row = stages.map((s) => (cellNotes.get(JSON.stringify([s.id, lane.id])) ?? []).join('<br>'))
      out.push(tableRow([`**${cellText(lane.name) || lane.id}**`, ...row]))
    }
    const curve = new Map(journey.emotionCurve.map((p) => [p.stageId, p]))
    out.push(
      tableRow([
        '**Emotion curve**',
        ...stages.map((s) => {
          const point = curve.get(s.id)
          return point && point.score !== null ? `${formatScore(point.score)} (${point.count})` : '–'
        }),
      ]),
    )
  }

  if (journey.unplaced.length > 0) {
    out.push('', '## Unplaced notes', '')
    for (const { note, reason } of journey.unplaced) out.push(`- ${(blockText(note.text) || '(empty)') + kindLabel(note)} _(${reason})_`)
  }
  return out.join('\n') + '\n'
}

/** +1.5, 0, -2: signed, at most two decimals. */
function formatScore(score: number): string {
  const rounded = Math.round(score * 100) / 100
  return rounded > 0 ? `+${rounded}` : String(rounded === 0 ? 0 : rounded)
}

/** " _(text)_" after a note that is not a sticky note; '' for sticky notes. */
function kindLabel(note: JourneyNote): string {
  return note.kind === 'note' ? '' : ` _(${note.kind})_`
}

/** Link targets kept as links; anything else in a link is shown as text. */
const SAFE_URL = /^(?:https?:\/\/[^\s]+|mailto:[^\s]+)$/iu

/**
 * One pass over text: a Markdown link or image, an autolink, or a bare http(s)/mailto URL (GFM's
 * trailing punctuation excluded), else one character.
 */
const TOKEN = /(!?)\[([^\]\n]*)\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\))*)>?\s*\)|<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>|((?:https?:\/\/|mailto:)[^\s<>]*[^\s<>.,;:!?'"*_~)\]])|([\s\S])/giu

/** Characters Markdown reads as syntax anywhere in a line; `_` only at a word's edge. */
const SYNTAX_CHAR = /[\\*`~[\]<|]/u
/** An `&` that would start an entity ("&amp;", "&#38;"), which must stay literal text. */
const ENTITY_START = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/u

/**
 * Text as Markdown that renders to the same characters, with safe links kept as links. Pipes are
 * escaped too, so the result also fits a table cell.
 */
function toMarkdownText(text: string): string {
  let out = ''
  for (const match of text.matchAll(TOKEN)) {
    const [whole, bang, label, target, autolink, bare, char] = match
    const at = match.index
    if (char !== undefined) {
      if (SYNTAX_CHAR.test(char)) out += `\\${char}`
      else if (char === '_' && !(isWordChar(text[at - 1]) && isWordChar(text[at + 1]))) out += '\\_'
      else if (char === '&' && ENTITY_START.test(text.slice(at))) out += '\\&'
      else out += char
    } else if (bare !== undefined || autolink !== undefined) {
      const url = bare ?? autolink
      out += SAFE_URL.test(url) ? `<${encodeUrl(url)}>` : escapeAll(whole)
    } else if (SAFE_URL.test(target)) {
      // An image becomes a link to it: a reader opening the file fetches nothing remote.
      out += `[${escapeAll(label) || (bang ? 'image' : encodeUrl(target))}](<${encodeUrl(target)}>)`
    } else {
      out += escapeAll(whole)
    }
  }
  return out
}

/** Text with every character Markdown may read as syntax escaped (no links recognised). */
function escapeAll(text: string): string {
  return text.replace(/[\\*_`~[\]<>|!&()]/gu, '\\$&')
}

/** A URL inside `<…>`: characters that would end it, split a table cell or escape, percent-encoded. */
function encodeUrl(url: string): string {
  return url.replace(/[<>|\\ ]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c)
}

/** Text for a table cell: one line (line breaks become `<br>`), Markdown escaped. */
function cellText(text: string): string {
  return text
    .trim()
    .split(/\r\n|\r|\n/u)
    .map(toMarkdownText)
    .join('<br>')
}

/** Text for a heading or after a list item's label: one line, Markdown escaped. */
function inline(text: string): string {
  return toMarkdownText(text.replace(/\s+/gu, ' ').trim())
}

/** Text that starts a list item: also a leading block marker (`#`, `>`, `-`, `+`, `1.`) escaped. */
function blockText(text: string): string {
  return inline(text).replace(/^([#>+-])|^(\d{1,9})([.)])/u, (_m, mark: string | undefined, digits: string, dot: string) =>
    mark ? `\\${mark}` : `${digits}\\${dot}`,
  )
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}
