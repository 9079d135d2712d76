import { atom, type Editor, type TLShapeId } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { getLiveNoteIds, getNoteViewFlags, getNoteViewStore, GREEK_TEXT } from './useNoteViewState'

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

describe('getNoteViewStore', () => {
  /** An editor with just what the store reads, backed by atoms so its reaction runs as in tldraw. */
  const fakeEditor = () => {
    const state = {
      shapeCount: atom('shapes', 600),
      zoom: atom('efficient zoom', 1),
      actualZoom: atom('zoom', 1),
      notVisible: atom('not visible', new Set<TLShapeId>(['shape:a' as TLShapeId])),
    }
    const editor = {
      getOnlySelectedShapeId: () => null,
      getEditingShapeId: () => null,
      getHoveredShapeId: () => null,
      getEfficientZoomLevel: () => state.zoom.get(),
      getColorMode: () => 'light',
      getZoomLevel: () => state.actualZoom.get(),
      getNotVisibleShapes: () => state.notVisible.get(),
      getCurrentPageShapeIds: () => ({ size: state.shapeCount.get() }),
      getInstanceState: () => ({ devicePixelRatio: 1 }),
      options: { debouncedZoomThreshold: 500 },
      disposables: new Set(),
    } as unknown as Editor
    return { editor, state }
  }
  const a = 'shape:a' as TLShapeId

  it('greeks by the zoom as soon as it is smaller than the efficient zoom tldraw holds during a gesture', () => {
    const { editor, state } = fakeEditor()
    const store = getNoteViewStore(editor)
    const b = 'shape:b' as TLShapeId
    let calls = 0
    store.subscribeAll(() => calls++)
    const readable = getNoteViewFlags(store, b, 1, 22)
    // Zooming out: tldraw holds the efficient zoom at 1 until the camera stops; the text turns to lines now.
    state.actualZoom.set(0.2)
    expect(calls).toBe(1)
    expect(getNoteViewFlags(store, b, 1, 22) & GREEK_TEXT).toBe(GREEK_TEXT)
    // Zooming in: the held efficient zoom (0.2) keeps the lines until the camera stops.
    state.zoom.set(0.2)
    state.actualZoom.set(1)
    expect(getNoteViewFlags(store, b, 1, 22) & GREEK_TEXT).toBe(GREEK_TEXT)
    state.zoom.set(1)
    expect(getNoteViewFlags(store, b, 1, 22)).toBe(readable)
  })

  it('tells a note when it comes into view', () => {
    const { editor, state } = fakeEditor()
    const store = getNoteViewStore(editor)
    let calls = 0
    store.subscribeId(a, () => calls++)
    const outOfView = getNoteViewFlags(store, a, 1, 22)
    state.notVisible.set(new Set())
    expect(calls).toBe(1)
    expect(getNoteViewFlags(store, a, 1, 22)).not.toBe(outOfView)
  })

  it('tells every note when the page stops being dense, including one out of view', () => {
    const { editor, state } = fakeEditor()
    const store = getNoteViewStore(editor)
    let calls = 0
    store.subscribeAll(() => calls++)
    const outOfView = getNoteViewFlags(store, a, 1, 22)
    state.shapeCount.set(400)
    expect(calls).toBe(1)
    expect(getNoteViewFlags(store, a, 1, 22)).not.toBe(outOfView)
    expect(store.culledIds.size).toBe(0)
  })
})
