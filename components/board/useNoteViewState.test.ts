import type { Editor, TLShapeId } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { getLiveNoteIds } from './useNoteViewState'

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
