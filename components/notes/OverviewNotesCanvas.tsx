'use client'
import { useLayoutEffect, useRef } from 'react'
import { atom, computed, react, unsafe__withoutCapture, useEditor, type NoteShapeUtil, type TLNoteShape, type TLShapeId } from 'tldraw'
import { getDenseRendering } from './getDenseRendering'
import { hasFlatBorder } from './noteGreeking'
import { getOverviewNotePaint } from './getOverviewNotePaint'
import { paintOverviewNotes, type OverviewPaintState } from './paintOverviewNotes'

/**
 * The notes of a dense page that are not shapes right now (getDenseRendering), drawn on one canvas
 * inside tldraw's shapes layer: notes whose text is too small to read, and, while the camera moves,
 * notes coming into view. The canvas covers the viewport at device resolution, above the journey's
 * grid and below the shapes tldraw orders above the notes it draws (partitionDenseNotes).
 */
export function OverviewNotesCanvas() {
  const editor = useEditor()
  // Installed here, while the canvas renders: tldraw's shapes layer renders after this component
  // and must find the dense rendering in place on its first pass.
  const rendering = getDenseRendering(editor)
  const ref = useRef<HTMLCanvasElement>(null)

  useLayoutEffect(() => {
    const canvas = ref.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return
    // The instance record changes with every pointer move; read only its pixel ratio.
    const devicePixelRatio = computed('overview pixel ratio', () => editor.getInstanceState().devicePixelRatio)
    // What the canvas shows now: the next paint repaints only what changed since.
    let shown: OverviewPaintState<TLShapeId, TLNoteShape> | undefined
    // The browser may drop a canvas's pixels (context lost, then restored blank): paint it all again.
    const restored = atom('overview canvas restored', 0)
    const repaintAll = () => {
      shown = undefined
      restored.update((n) => n + 1)
    }
    canvas.addEventListener('contextrestored', repaintAll)
    const stop = react('draw overview notes', () => {
      restored.get()
      const { drawn, canvasIndex } = rendering.get()
      canvas.dataset.notes = String(drawn.length)
      if (drawn.length === 0) {
        canvas.style.display = 'none'
        shown = undefined
        return
      }
      const camera = editor.getCamera()
      const screen = editor.getViewportScreenBounds()
      const dpr = devicePixelRatio.get()
      const colorMode = editor.getColorMode()
      const efficientZoom = editor.getEfficientZoomLevel()
      const width = Math.max(1, Math.round(screen.w * dpr))
      const height = Math.max(1, Math.round(screen.h * dpr))
      if (canvas.width !== width) canvas.width = width
      if (canvas.height !== height) canvas.height = height
      // In the shapes layer one CSS pixel is one page unit: cover the viewport's page bounds.
      Object.assign(canvas.style, {
        display: 'block',
        width: `${screen.w / camera.z}px`,
        height: `${screen.h / camera.z}px`,
        transform: `translate(${-camera.x}px, ${-camera.y}px)`,
        zIndex: String(canvasIndex),
      })
      const pixelsPerUnit = camera.z * dpr
      const view = { pixelsPerUnit, offsetX: camera.x * pixelsPerUnit, offsetY: camera.y * pixelsPerUnit }
      const notes = drawn.map(({ id, shape, opacity }) => ({ id, record: shape as TLNoteShape, opacity, border: hasFlatBorder(efficientZoom, (shape as TLNoteShape).props.scale) }))
      const util = editor.getShapeUtil('note') as NoteShapeUtil
      // Not tracked per note: a reaction with thousands of parents costs more to keep than to redraw,
      // and any change of a drawn note already gives a new rendering (drawn notes lie directly on
      // the page, so no parent's change can move one).
      unsafe__withoutCapture(() => {
        shown = paintOverviewNotes(
          ctx,
          {
            canvas,
            view,
            viewKey: [camera.x, camera.y, camera.z, width, height, dpr, colorMode, efficientZoom].join(' '),
            notes,
            describe: (note) => ({ paint: getOverviewNotePaint(util, note.record, colorMode, note.border), transform: editor.getShapePageTransform(note.id) }),
          },
          shown,
        ).state
      })
    })
    return () => {
      stop()
      canvas.removeEventListener('contextrestored', repaintAll)
    }
  }, [editor, rendering])

  return (
    <canvas
      ref={ref}
      data-testid="overview-notes"
      aria-hidden
      style={{ position: 'absolute', top: 0, left: 0, transformOrigin: 'top left', pointerEvents: 'none', display: 'none' }}
    />
  )
}
