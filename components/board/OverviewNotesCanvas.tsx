'use client'
import { useLayoutEffect, useRef } from 'react'
import { computed, react, unsafe__withoutCapture, useEditor, type NoteShapeUtil, type TLNoteShape } from 'tldraw'
import { drawOverviewNote } from './drawOverviewNote'
import { getDenseRendering } from './getDenseRendering'
import { hasFlatBorder } from './noteGreeking'
import { getOverviewNotePaint } from './getOverviewNotePaint'

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
    return react('draw overview notes', () => {
      const { drawn, canvasIndex } = rendering.get()
      canvas.dataset.notes = String(drawn.length)
      if (drawn.length === 0) {
        canvas.style.display = 'none'
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
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      ctx.clearRect(0, 0, width, height)
      const pixelsPerUnit = camera.z * dpr
      const view = { pixelsPerUnit, offsetX: camera.x * pixelsPerUnit, offsetY: camera.y * pixelsPerUnit }
      // Not tracked per note: a reaction with thousands of parents costs more to keep than to redraw,
      // and any change of a drawn note (or of its parent) already gives a new rendering.
      unsafe__withoutCapture(() => {
        for (const { id, shape, util, opacity } of drawn) {
          const note = shape as TLNoteShape
          const border = hasFlatBorder(efficientZoom, note.props.scale)
          drawOverviewNote(ctx, getOverviewNotePaint(util as NoteShapeUtil, note, colorMode, border), editor.getShapePageTransform(id), view, opacity)
        }
      })
    })
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
