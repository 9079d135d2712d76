import { describe, expect, it } from 'vitest'
import { buildCardText, PERSONA_FIELDS, SCOPE_FIELDS } from '../templates/buildTemplateRecords'
import { readCardFields } from './readCardFields'

describe('readCardFields', () => {
  const empty = Object.fromEntries(SCOPE_FIELDS.map((f) => [f, '']))
  const cases: { name: string; text: string; expected: Partial<Record<(typeof SCOPE_FIELDS)[number], string>> }[] = [
    { name: 'empty card', text: buildCardText('Goal & scope', SCOPE_FIELDS), expected: {} },
    { name: 'filled card', text: buildCardText('Goal & scope', SCOPE_FIELDS, { Goal: 'More renewals', KPIs: 'NPS' }), expected: { Goal: 'More renewals', KPIs: 'NPS' } },
    { name: 'labels are case-insensitive', text: 'goal: a\nSEGMENT: b\nkpis: c', expected: { Goal: 'a', Segment: 'b', KPIs: 'c' } },
    { name: '"Time scale" also as Timescale / time-scale', text: 'Timescale: a year', expected: { 'Time scale': 'a year' } },
    { name: 'time-scale', text: 'time-scale: a week', expected: { 'Time scale': 'a week' } },
    { name: 'spaces around the colon', text: 'Goal :   grow  ', expected: { Goal: 'grow' } },
    { name: 'no space after the colon', text: 'Goal:grow', expected: { Goal: 'grow' } },
    { name: 'colons in the value', text: 'Goal: ratio 2:1: fine', expected: { Goal: 'ratio 2:1: fine' } },
    { name: 'continuation lines', text: 'Heading\nGoal: first\nsecond\n\nthird\nSegment: s', expected: { Goal: 'first\nsecond\n\nthird', Segment: 's' } },
    { name: 'unknown label continues the value', text: 'Goal: a\nNote: b', expected: { Goal: 'a\nNote: b' } },
    { name: 'lines before the first label are skipped', text: 'Goal & scope\nrandom\nKPIs: x', expected: { KPIs: 'x' } },
    { name: 'label given twice', text: 'Goal: a\nGoal: b', expected: { Goal: 'a\nb' } },
    { name: 'carriage return in a value', text: 'Goal: a\rb', expected: { Goal: 'a\rb' } },
    { name: 'nothing', text: '', expected: {} },
  ]
  it.each(cases)('$name', ({ text, expected }) => {
    expect(readCardFields(text, SCOPE_FIELDS)).toEqual({ ...empty, ...expected })
  })

  it('reads back what buildCardText writes', () => {
    const values = { Name: 'Anna', Age: '34', Job: 'Nurse', Description: 'Busy\nparent', Goals: 'Job abroad', Motives: '', Barriers: 'Time' }
    expect(readCardFields(buildCardText('Persona', PERSONA_FIELDS, values), PERSONA_FIELDS)).toEqual(values)
  })
})
