import { describe, expect, it } from 'vitest'
import type { JourneyMap, JourneyNote } from './journeySchema'
import { toJourneyMarkdown } from './toJourneyMarkdown'
import { buildTestJourney, buildTestJourneyNote, buildTestLane, buildTestStage } from '../../testing/buildTestJourney'

const note = (id: string, text: string): JourneyNote => buildTestJourneyNote(id, { text })

const JOURNEY: JourneyMap = buildTestJourney({
  title: 'Language course',
  template: 'buyer-journey',
  persona: { name: 'Anna', age: '34', job: 'Nurse', description: '', goals: 'Job abroad\nby June', motives: '', barriers: 'Time' },
  scope: { goal: 'More renewals', segment: '', timeScale: '6 months', kpis: '' },
  stages: [buildTestStage('search', 'Search', 0), buildTestStage('buy', 'Buy | pay', 1)],
  lanes: [buildTestLane('act', 'Actions', 'actions', 0), buildTestLane('emo', 'Emotions', 'emotions', 1)],
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
})

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
        '| **Emotions** | 🙂<br>-1 a\\|b \\<script> |  |',
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

  // [note text, what the Markdown table cell holds]
  const textCases: [string, string][] = [
    ['Fish & chips', 'Fish & chips'],
    ['R&D team', 'R&D team'],
    ['typed &amp; literally', 'typed \\&amp; literally'],
    ['&#38; too', '\\&#38; too'],
    ['a | b', 'a \\| b'],
    ['back\\slash', 'back\\\\slash'],
    ['*not bold* and `no code`', '\\*not bold\\* and \\`no code\\`'],
    ['snake_case stays, _this_ is escaped', 'snake_case stays, \\_this\\_ is escaped'],
    ['~~struck~~', '\\~\\~struck\\~\\~'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
    ['2 > 1', '2 > 1'],
    ['see https://example.com/a_b?x=1&y=2.', 'see <https://example.com/a_b?x=1&y=2>.'],
    ['http://a.example/p|q', '<http://a.example/p%7Cq>'],
    ['mail mailto:ann@example.com', 'mail <mailto:ann@example.com>'],
    ['<https://example.com>', '<https://example.com>'],
    ['[docs](https://example.com/docs)', '[docs](<https://example.com/docs>)'],
    ['[Mail](MAILTO:ann@example.com)', '[Mail](<MAILTO:ann@example.com>)'],
    ['[click](javascript:alert(1))', '\\[click\\]\\(javascript:alert\\(1\\)\\)'],
    ['[x](JavaScript:alert`1`)', '\\[x\\]\\(JavaScript:alert\\`1\\`\\)'],
    ['<javascript:alert(1)>', '\\<javascript:alert\\(1\\)\\>'],
    ['[d](data:text/html,hi)', '\\[d\\]\\(data:text/html,hi\\)'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['![pixel](https://tracker.example/p.png)', '[pixel](<https://tracker.example/p.png>)'],
    ['![](http://tracker.example/p.png)', '[image](<http://tracker.example/p.png>)'],
    ['![x](javascript:alert(1))', '\\!\\[x\\]\\(javascript:alert\\(1\\)\\)'],
    ['[a|b](https://example.com)', '[a\\|b](<https://example.com>)'],
  ]
  it.each(textCases)('writes the note %j as %j', (text, cell) => {
    const j = { ...JOURNEY, cells: [{ stageId: 'search', laneId: 'act', notes: [note('x', text)] }] }
    expect(toJourneyMarkdown(j)).toContain(`| **Actions** | ${cell} |  |`)
  })

  // [unplaced note text, the list item]
  const listCases: [string, string][] = [
    ['# not a heading', '- \\# not a heading _(outside-grid)_'],
    ['- not nested', '- \\- not nested _(outside-grid)_'],
    ['> no quote', '- \\> no quote _(outside-grid)_'],
    ['1. not ordered', '- 1\\. not ordered _(outside-grid)_'],
    ['Tom & Jerry', '- Tom & Jerry _(outside-grid)_'],
  ]
  it.each(listCases)('lists the unplaced note %j as %j', (text, line) => {
    expect(toJourneyMarkdown({ ...JOURNEY, unplaced: [{ note: note('u', text), reason: 'outside-grid' }] })).toContain(`\n${line}\n`)
  })

  it('says the kind of notes that are not sticky notes, and keeps "&" in the title', () => {
    const md = toJourneyMarkdown({
      ...JOURNEY,
      title: 'Q&A journey #',
      cells: [{ stageId: 'search', laneId: 'act', notes: [note('a', 'Sticky'), { ...note('b', 'Typed'), kind: 'text' }, { ...note('c', 'Boxed'), kind: 'geo' }] }],
      unplaced: [{ note: { ...note('f', 'Parking'), kind: 'frame' }, reason: 'outside-grid' }],
    })
    expect(md.startsWith('# Q&A journey \\#\n')).toBe(true)
    expect(md).toContain('| **Actions** | Sticky<br>Typed _(text)_<br>Boxed _(geo)_ |  |')
    expect(md).toContain('- Parking _(frame)_ _(outside-grid)_')
  })

  it('handles a map without grid, title or unplaced notes', () => {
    const md = toJourneyMarkdown({ ...JOURNEY, title: '  ', stages: [], cells: [], emotionCurve: [], unplaced: [] })
    expect(md.startsWith('# Untitled journey\n')).toBe(true)
    expect(md).toContain('The board has no grid.')
    expect(md).not.toContain('Unplaced')
  })
})
