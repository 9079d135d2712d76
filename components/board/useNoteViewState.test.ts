import type { Editor, TLShapeId } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { getLiveNoteIds, getNoteViewFlags, shouldGreekText } from './useNoteViewState'

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

describe('getNoteViewFlags', () => {
  const id = 'shape:a' as TLShapeId
  const view = (over: Partial<Parameters<typeof getNoteViewFlags>[0]> = {}) => ({
    liveIds: new Set<TLShapeId>(),
    efficientZoom: 1,
    colorMode: 'light' as const,
    densePixelsPerUnit: undefined,
    culledIds: new Set<TLShapeId>(),
    ...over,
  })
  const flags = (over: Partial<Parameters<typeof getNoteViewFlags>[0]>, scale = 1, fontSize = 22) => getNoteViewFlags(view(over), id, scale, fontSize)

  it('tells apart every answer a note renders from', () => {
    const answers = [
      flags({}),
      flags({ liveIds: new Set([id]) }),
      flags({ efficientZoom: 0.2 }),
      flags({ colorMode: 'dark' }),
      flags({ efficientZoom: 0.2, densePixelsPerUnit: 0.2 }),
    ]
    expect(new Set(answers).size).toBe(answers.length)
  })

  it('hides shadows below 25 % zoom, later for a note scaled up', () => {
    expect(flags({ efficientZoom: 0.24 })).toBe(flags({ efficientZoom: 0.1 }))
    expect(flags({ efficientZoom: 0.24 })).not.toBe(flags({ efficientZoom: 0.26 }))
    expect(flags({ efficientZoom: 0.24 }, 2)).toBe(flags({ efficientZoom: 1 }, 2))
  })

  it('keeps an out-of-view note on a dense page as it is whatever the zoom, until it comes into view', () => {
    const culled = new Set([id])
    const overview = flags({ efficientZoom: 0.22, densePixelsPerUnit: 0.22 })
    expect(flags({ efficientZoom: 1, densePixelsPerUnit: 1, culledIds: culled })).toBe(overview)
    expect(flags({ efficientZoom: 1, densePixelsPerUnit: 1 })).toBe(flags({ efficientZoom: 1 }))
  })

  it('gives a live note tldraw’s component whatever else holds', () => {
    expect(flags({ liveIds: new Set([id]), culledIds: new Set([id]), colorMode: 'dark' })).toBe(flags({ liveIds: new Set([id]) }))
  })
})
