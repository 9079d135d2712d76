import type { JourneyMap } from './journeySchema'

/**
 * A readable Markdown summary of a journey: title heading, goal and scope, persona, a stages ×
 * lanes table (notes of a cell joined with `<br>`), the emotion curve as the table's last row (mean
 * score and number of scored notes per stage), and a list of unplaced notes. Text is escaped for
 * table cells: `|` and `\` are backslash-escaped, `<`, `>` and `&` become entities, line breaks
 * become `<br>`. Empty values are shown as "–".
 */
export function toJourneyMarkdown(journey: JourneyMap): string {
  const stages = [...journey.stages].sort((a, b) => a.order - b.order)
  const lanes = [...journey.lanes].sort((a, b) => a.order - b.order)
  const out: string[] = []
  out.push(`# ${inline(journey.title) || 'Untitled journey'}`, '')

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
      cellNotes.set(key, [...(cellNotes.get(key) ?? []), ...cell.notes.map((n) => cellText(n.text)).filter((t) => t !== '')])
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
    for (const { note, reason } of journey.unplaced) out.push(`- ${inline(note.text) || '(empty)'} _(${reason})_`)
  }
  return out.join('\n') + '\n'
}

/** +1.5, 0, -2: signed, at most two decimals. */
function formatScore(score: number): string {
  const rounded = Math.round(score * 100) / 100
  return rounded > 0 ? `+${rounded}` : String(rounded === 0 ? 0 : rounded)
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;')
}

/** Text for a table cell: one line, pipes and backslashes escaped. */
function cellText(text: string): string {
  return escapeHtml(text.trim())
    .replace(/\\/gu, '\\\\')
    .replace(/\|/gu, '\\|')
    .replace(/\r\n|\r|\n/gu, '<br>')
}

/** Text for a heading or list item: one line, HTML escaped. */
function inline(text: string): string {
  return escapeHtml(text.replace(/\s+/gu, ' ').trim())
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}
