import type { Editor, TLShapeId } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { getLiveNoteIds, shouldGreekText } from './useNoteViewState'

const editorWith = (state: { onlySelected?: string; editing?: string; hovered?: string }) =>
  ({
    getOnlySelectedShapeId: () => state.onlySelected ?? null,
    getEditingShapeId: () => state.editing ?? null,
    getHoveredShapeId: () => state.hovered ?? null,
  }) as unknown as Editor

describe('getLiveNoteIds', () => {
  it.each([
    ['nothing selected or edited', {}, []],
    ['one note selected', { onlySelected: 'shape:a' }, ['shape:a']],
    ['hovering without editing', { hovered: 'shape:b' }, []],
    ['selected and hovering another', { onlySelected: 'shape:a', hovered: 'shape:b' }, ['shape:a']],
    ['editing a note', { onlySelected: 'shape:a', editing: 'shape:a' }, ['shape:a']],
    ['editing one note, hovering another', { onlySelected: 'shape:a', editing: 'shape:a', hovered: 'shape:b' }, ['shape:a', 'shape:b']],
  ])('%s', (_name, state, expected) => {
    expect([...getLiveNoteIds(editorWith(state))].sort()).toEqual(expected as TLShapeId[])
  })
})

describe('shouldGreekText', () => {
  it('greeks only on a dense page, and only text under 7 device pixels', () => {
    expect(shouldGreekText(undefined, 22)).toBe(false)
    // The 4,000-note bench board fitted into 1400 x 900: zoom 0.22, 22 px text is 4.8 device px.
    expect(shouldGreekText(0.22, 22)).toBe(true)
    // The same zoom on a screen with two device pixels per CSS pixel: 9.7 device px, legible.
    expect(shouldGreekText(0.44, 22)).toBe(false)
    expect(shouldGreekText(7 / 22, 22)).toBe(false)
    expect(shouldGreekText(6.9 / 22, 22)).toBe(true)
  })
})
