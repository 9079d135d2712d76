import { describe, expect, it } from 'vitest'
import type { JourneyMap, JourneyNote } from './journeySchema'
import { toJourneyMarkdown } from './toJourneyMarkdown'

const bounds = { x: 0, y: 0, w: 1, h: 1 }
const note = (id: string, text: string): JourneyNote => ({ id, text, author: '', color: 'yellow', votes: 0, updatedAt: null, emotionScore: null })

const JOURNEY: JourneyMap = {
  schemaVersion: 1,
  title: 'Language course',
  template: 'buyer-journey',
  persona: { name: 'Anna', age: '34', job: 'Nurse', description: '', goals: 'Job abroad\nby June', motives: '', barriers: 'Time' },
  scope: { goal: 'More renewals', segment: '', timeScale: '6 months', kpis: '' },
  stages: [
    { id: 'search', name: 'Search', order: 0, bounds },
    { id: 'buy', name: 'Buy | pay', order: 1, bounds },
  ],
  lanes: [
    { id: 'act', name: 'Actions', kind: 'actions', order: 0, bounds },
    { id: 'emo', name: 'Emotions', kind: 'emotions', order: 1, bounds },
  ],
  cells: [
    { stageId: 'search', laneId: 'act', notes: [note('a', 'Googles'), note('b', 'Asks\na friend')] },
    { stageId: 'search', laneId: 'emo', notes: [note('c', '🙂'), note('d', '-1 a|b <script>')] },
    { stageId: 'buy', laneId: 'act', notes: [] },
    { stageId: 'buy', laneId: 'emo', notes: [] },
  ],
  emotionCurve: [
    { stageId: 'search', score: 0, count: 2 },
    { stageId: 'buy', score: null, count: 0 },
  ],
  unplaced: [{ note: note('u', 'Parking lot'), reason: 'outside-grid' }],
  meta: { boardId: 'b', exportedAt: '2025-01-01T00:00:00.000Z', agreedVersion: null },
}

describe('toJourneyMarkdown', () => {
  it('renders title, scope, persona, the grid, the emotion curve and unplaced notes', () => {
    expect(toJourneyMarkdown(JOURNEY)).toBe(
      [
        '# Language course',
        '',
        '## Goal & scope',
        '',
        '- **Goal:** More renewals',
        '- **Segment:** –',
        '- **Time scale:** 6 months',
        '- **KPIs:** –',
        '',
        '## Persona',
        '',
        '- **Name:** Anna',
        '- **Age:** 34',
        '- **Job:** Nurse',
        '- **Description:** –',
        '- **Goals:** Job abroad by June',
        '- **Motives:** –',
        '- **Barriers:** Time',
        '',
        '## Journey',
        '',
        '|  | Search | Buy \\| pay |',
        '| --- | --- | --- |',
        '| **Actions** | Googles<br>Asks<br>a friend |  |',
        '| **Emotions** | 🙂<br>-1 a\\|b &lt;script&gt; |  |',
        '| **Emotion curve** | 0 (2) | – |',
        '',
        '## Unplaced notes',
        '',
        '- Parking lot _(outside-grid)_',
        '',
      ].join('\n'),
    )
  })

  const scoreCases: [number, string][] = [
    [2, '+2 (1)'],
    [0.5, '+0.5 (1)'],
    [-1 / 3, '-0.33 (1)'],
    [-2, '-2 (1)'],
  ]
  it.each(scoreCases)('formats a curve score of %d as %s', (score, text) => {
    const j = { ...JOURNEY, emotionCurve: [{ stageId: 'search', score, count: 1 }] }
    expect(toJourneyMarkdown(j)).toContain(`| **Emotion curve** | ${text} | – |`)
  })

  it('handles a map without grid, title or unplaced notes', () => {
    const md = toJourneyMarkdown({ ...JOURNEY, title: '  ', stages: [], cells: [], emotionCurve: [], unplaced: [] })
    expect(md.startsWith('# Untitled journey\n')).toBe(true)
    expect(md).toContain('The board has no grid.')
    expect(md).not.toContain('Unplaced')
  })
})
